using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>A failing native call (NULL or false) surfaces as a typed exception naming the function, and leaks nothing.</summary>
[NonParallelizable]
public sealed class FailureTests
{
    [TestCase("PD_PredictorRun")]
    [TestCase("PD_PredictorCreate")]
    [TestCase("PD_PredictorClone")]
    [TestCase("PD_PredictorGetInputNames")]
    [TestCase("PD_PredictorGetOutputInfos")]
    [TestCase("PD_PredictorGetOutputHandle")]
    [TestCase("PD_TensorGetShape")]
    [TestCase("PD_ConfigCreate")]
    [TestCase("PD_ConfigSummary")]
    [TestCase("PD_ConfigAllPasses")]
    public void A_failing_call_throws_PaddleInferenceException_naming_it(string function)
    {
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        PaddleInferenceException? caught = null;
        try
        {
            AbiTestDouble.FailNext(function);
            using var config = PaddleConfig.FromModelFiles(model.Program, model.Params, AbiTestDouble.Options);
            _ = config.AllPasses;
            _ = config.Summary;
            using var predictor = PaddlePredictor.Create(config);
            _ = predictor.InputNames;
            _ = predictor.Outputs;
            using var clone = predictor.Clone();
            using var x = Tensor.Wrap(new float[6], [1, 3, 1, 2]);
            var outputs = predictor.Run([new NamedTensor("x", x)]);
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
        catch (PaddleInferenceException ex)
        {
            caught = ex;
        }

        Assert.That(caught, Is.Not.Null, $"{function} failed silently");
        Assert.That(caught!.FunctionName, Is.EqualTo(function));
        Assert.That(caught.Message, Does.Contain(function));
        Assert.That(caught, Is.InstanceOf<InferenceEngineException>());
        AbiTestDouble.Snapshot.AssertBalancedSince(before);
    }
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class ConverterTests
{
    private static readonly OnnxRuntimeEngine Engine = new();

    internal static IPredictor Converted(string modelDir)
    {
        var source = ModelSource.FromDirectory(modelDir);
        var result = new PaddleToOnnxConverter().Convert(source.PaddleProgramPath!, source.PaddleParamsPath);
        return Engine.CreatePredictor(ModelSource.FromOnnxBytes(result.OnnxModel, modelDir), PredictorOptions.Default);
    }

    internal static float[] Run(IPredictor predictor, Tensor input, out long[] shape)
    {
        var outputs = predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)]);
        try
        {
            shape = outputs[0].Shape.ToArray();
            return outputs[0].AsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
    }

    private static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    [TestCase("PP-OCRv4_mobile_det")]
    [TestCase("PP-OCRv5_mobile_det_topology_v4_weights")]
    public void Detection_probability_maps_match_the_official_v4_onnx_on_real_pages(string model)
    {
        using var ours = Converted(SharedModels.Dir(model));
        using var official = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        foreach (var image in ImageInputs.DevImages(2).Concat(ImageInputs.RealImages(3)))
        {
            using var input = ImageInputs.Page(image, 640);
            var a = Run(ours, input, out var shapeA);
            var b = Run(official, input, out var shapeB);
            Assert.That(shapeA, Is.EqualTo(shapeB));
            Assert.That(shapeA[1], Is.EqualTo(1));
            var diff = MaxAbsDiff(a, b);
            TestContext.Out.WriteLine($"{Path.GetFileName(image)} {string.Join("x", shapeA)}: max |diff| {diff:E2}, max p {b.Max():F3}");
            Assert.That(diff, Is.LessThanOrEqualTo(1e-4f), image);
            Assert.That(b.Max(), Is.GreaterThan(0.5f), "the page has text");
        }
    }

    [Test]
    public void Recognition_softmax_matches_the_official_v4_onnx_on_real_text_lines()
    {
        using var ours = Converted(SharedModels.Dir("PP-OCRv4_mobile_rec"));
        using var official = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_rec")), PredictorOptions.Default);
        var image = ImageInputs.DevImages(1)[0];
        foreach (var line in ImageInputs.Lines(image).Take(4))
        {
            var width = Math.Clamp((int)Math.Ceiling(48.0 * line.W / line.H), 16, 640);
            using var input = ImageInputs.Crop(image, line, 48, width, rotate180: false);
            var a = Run(ours, input, out var shapeA);
            var b = Run(official, input, out var shapeB);
            Assert.That(shapeA, Is.EqualTo(shapeB));
            Assert.That(shapeA[2], Is.EqualTo(6625));
            var diff = MaxAbsDiff(a, b);
            TestContext.Out.WriteLine($"line {line}: {string.Join("x", shapeA)} max |diff| {diff:E2}");
            Assert.That(diff, Is.LessThanOrEqualTo(1e-4f));
        }
    }
}

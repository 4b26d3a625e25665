using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class EngineIntegrationTests
{
    [Test]
    public void OnnxRuntime_engine_loads_a_paddle_model_directory_and_logs_the_conversion()
    {
        var logger = new ListLogger();
        var converter = new PaddleToOnnxConverter(logger);
        using var engine = new OnnxRuntimeEngine(paddleConverter: s => converter.ConvertSource(s));
        var source = ModelSource.FromDirectory(SharedModels.Dir("PP-OCRv4_mobile_det"));
        Assert.That(source.HasOnnx, Is.False);
        Assert.That(engine.CanLoad(source), Is.True);
        using var predictor = engine.CreatePredictor(source, PredictorOptions.Default);
        using var input = Tensor.Rent<float>([1, 3, 64, 64]);
        var outputs = predictor.Run([new NamedTensor("x", input)]);
        Assert.That(outputs[0].Shape.ToArray(), Is.EqualTo(new long[] { 1, 1, 64, 64 }));
        foreach (var o in outputs)
        {
            o.Dispose();
        }

        Assert.That(logger.Lines, Has.Some.Contains("Converted").And.Contains("inference.pdmodel").And.Contains("234 parameters").And.Contains(" ms"));
    }

    [Test]
    public void Cache_returns_the_stored_conversion_and_misses_when_an_input_file_changes()
    {
        var temp = TestPaths.NewTempDirectory("onnx-cache");
        try
        {
            var model = Path.Combine(temp, "model");
            Directory.CreateDirectory(model);
            foreach (var file in Directory.GetFiles(SharedModels.Dir("PP-LCNet_x0_25_textline_ori")))
            {
                File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
            }

            var cacheDir = Path.Combine(temp, "cache");
            var logger = new ListLogger();
            var converter = new PaddleToOnnxConverter(logger, new OnnxConversionCache(cacheDir));
            var first = converter.ConvertSource(ModelSource.FromDirectory(model));
            Assert.That(Directory.GetFiles(cacheDir, "*.onnx"), Has.Length.EqualTo(1));
            var second = converter.ConvertSource(ModelSource.FromDirectory(model));
            Assert.That(second.OnnxBytes.ToArray(), Is.EqualTo(first.OnnxBytes.ToArray()));
            Assert.That(logger.Lines.Count(l => l.Contains("Converted", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(logger.Lines, Has.Some.Contains("from the cache"));

            // Change one weight byte: a new key, a new conversion.
            var paramsPath = Path.Combine(model, "inference.pdiparams");
            var bytes = File.ReadAllBytes(paramsPath);
            bytes[^1] ^= 1;
            File.WriteAllBytes(paramsPath, bytes);
            var third = converter.ConvertSource(ModelSource.FromDirectory(model));
            Assert.That(Directory.GetFiles(cacheDir, "*.onnx"), Has.Length.EqualTo(2));
            Assert.That(third.OnnxBytes.ToArray(), Is.Not.EqualTo(first.OnnxBytes.ToArray()));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    [Test]
    public void Model_with_onnx_is_passed_through_unconverted()
    {
        var source = ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
        Assert.That(new PaddleToOnnxConverter().ConvertSource(source), Is.SameAs(source));
    }
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.OnnxRuntime.Tests;

public sealed class OnnxInt8CalibrationTests
{
    private const string Classifier = "ch_ppocr_mobile_v2.0_cls";

    [Test]
    public void Int8_without_calibration_is_refused_naming_the_model_the_missing_file_and_the_command()
    {
        var cache = TestPaths.NewTempDirectory("int8-none");
        try
        {
            var engine = new OnnxRuntimeEngine(int8Models: new OnnxInt8ModelCache(cache));
            var model = ModelSource.FromDirectory(TestPaths.RequiredModel(Classifier));
            Assert.That(() => engine.CreatePredictor(model, new PredictorOptions { Precision = InferencePrecision.Int8 }),
                Throws.InstanceOf<ModelLoadException>().With.Message.Contains("has not been calibrated").And.Message.Contains(Path.Combine(cache, ""))
                    .And.Message.Contains("paddlex-sharp calibrate").And.Message.Contains(OnnxInt8ModelCache.DirectoryVariable));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    [Test]
    public void The_cache_key_follows_the_model_bytes_and_the_graph_optimisation()
    {
        var directory = TestPaths.NewTempDirectory("int8-key");
        try
        {
            var original = Path.Combine(TestPaths.RequiredModel(Classifier), "inference.onnx");
            var copy = Path.Combine(directory, "inference.onnx");
            File.Copy(original, copy);
            var key = OnnxInt8ModelCache.Key(ModelSource.FromFile(original), optimizeOnnxGraphs: true);
            Assert.That(key, Has.Length.EqualTo(64));
            Assert.That(OnnxInt8ModelCache.Key(ModelSource.FromFile(copy), true), Is.EqualTo(key), "the same bytes elsewhere are the same model");
            Assert.That(OnnxInt8ModelCache.Key(ModelSource.FromFile(copy), false), Is.Not.EqualTo(key));
            using (var stream = File.OpenWrite(copy))
            {
                stream.Seek(-1, SeekOrigin.End);
                stream.WriteByte(0x5A);
            }

            Assert.That(OnnxInt8ModelCache.Key(ModelSource.FromFile(copy), true), Is.Not.EqualTo(key), "a changed model never finds a stale quantization");
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Test]
    public void A_calibrated_classifier_runs_integer_kernels_and_keeps_its_answers()
    {
        var cache = TestPaths.NewTempDirectory("int8-cls");
        try
        {
            var model = ModelSource.FromDirectory(TestPaths.RequiredModel(Classifier));
            var upright = TextLine(rotate: false);
            var flipped = TextLine(rotate: true);

            var fp32Engine = new OnnxRuntimeEngine(int8Models: new OnnxInt8ModelCache(cache));
            float[] fp32Up, fp32Flipped;
            using (var fp32 = fp32Engine.CreatePredictor(model, PredictorOptions.Default))
            {
                fp32Up = Probabilities(fp32, upright);
                fp32Flipped = Probabilities(fp32, flipped);
            }

            // The model tells the two apart in fp32: the check below is about int8 keeping that.
            Assert.That(fp32Up[0], Is.GreaterThan(0.9f));
            Assert.That(fp32Flipped[1], Is.GreaterThan(0.9f));

            var calibration = new OnnxInt8Calibration(fp32Engine);
            using (var calibrating = calibration.Engine.CreatePredictor(model, new PredictorOptions { Precision = InferencePrecision.Int8 }))
            {
                Assert.That(calibrating.Outputs, Has.Count.EqualTo(1), "the measured activations are not the model's outputs");
                // Calibrating runs the fp32 model: same answers.
                Assert.That(Probabilities(calibrating, upright), Is.EqualTo(fp32Up).Within(1e-5f));
                Assert.That(Probabilities(calibrating, flipped), Is.EqualTo(fp32Flipped).Within(1e-5f));
            }

            var result = calibration.Save().Single();
            Assert.That(result.CalibrationRuns, Is.EqualTo(2));
            Assert.That(result.QuantizedModelPath, Does.StartWith(Path.Combine(cache, "")).And.EndWith(".onnx"));
            Assert.That(File.Exists(result.QuantizedModelPath) && File.Exists(Path.ChangeExtension(result.QuantizedModelPath, ".calibration.json")), Is.True);
            Assert.That(result.Convs, Is.GreaterThan(0));
            Assert.That(result.IntegerKernels, Is.GreaterThan(0), result.Describe());
            Assert.That(result.OnnxRuntimeKernels.Keys, Has.Some.EndsWith(":QLinearConv"), result.Describe());

            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(result.QuantizedModelPath, ".calibration.json")))!;
            Assert.That((int)json["convs"]!, Is.EqualTo(result.Convs));
            Assert.That(json["onnxruntime_kernels"]!.AsObject().Count, Is.EqualTo(result.OnnxRuntimeKernels.Count));

            // A new engine on the same cache loads the quantized model.
            var int8Engine = new OnnxRuntimeEngine(int8Models: new OnnxInt8ModelCache(cache));
            using var int8 = int8Engine.CreatePredictor(model, new PredictorOptions { Precision = InferencePrecision.Int8 });
            Assert.That(int8.Settings["precision"], Is.EqualTo("int8"));
            var int8Up = Probabilities(int8, upright);
            var int8Flipped = Probabilities(int8, flipped);
            Assert.That(int8Up[0], Is.GreaterThan(0.8f));
            Assert.That(int8Flipped[1], Is.GreaterThan(0.8f));
            Assert.That(int8Up, Is.EqualTo(fp32Up).Within(0.1f));
            Assert.That(int8Flipped, Is.EqualTo(fp32Flipped).Within(0.1f));
            // The quantized convolutions store int8 weights (depthwise ones and the first and last layers stay float): a smaller file.
            Assert.That(new FileInfo(result.QuantizedModelPath).Length, Is.LessThan(new FileInfo(Path.Combine(TestPaths.RequiredModel(Classifier), "inference.onnx")).Length * 3 / 4));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    // A rendered text line as the classifier takes it: 48x192 RGB, normalised to [-1, 1], CHW.
    private static float[] TextLine(bool rotate)
    {
        var args = new List<string> { "-size", "192x48", "xc:white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "26", "-annotate", "+6+34", "Invoice 2024-17" };
        if (rotate)
        {
            args.AddRange(["-rotate", "180"]);
        }

        args.AddRange(["-depth", "8", "rgb:-"]);
        var rgb = ImageMagick.Run([.. args]);
        Assert.That(rgb, Has.Length.EqualTo(192 * 48 * 3));
        var chw = new float[rgb.Length];
        for (var i = 0; i < 192 * 48; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                chw[c * 192 * 48 + i] = (rgb[i * 3 + c] / 255f - 0.5f) / 0.5f;
            }
        }

        return chw;
    }

    private static float[] Probabilities(IPredictor predictor, float[] chw)
    {
        using var input = Tensor.Rent<float>([1, 3, 48, 192]);
        chw.CopyTo(input.AsSpan<float>());
        var outputs = predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)]);
        try
        {
            return outputs[0].AsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }
}

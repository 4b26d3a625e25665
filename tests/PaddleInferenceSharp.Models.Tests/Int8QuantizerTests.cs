using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models.Onnx;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class Int8QuantizerTests
{
    [Test]
    public void Activation_scale_and_zero_point_follow_onnxruntimes_formula_with_the_range_widened_to_zero()
    {
        // [-1, 3]: scale 4/255, zero point round(0 - (-1) / (4/255)) = round(63.75) = 64.
        Assert.That(OnnxInt8Quantizer.ActivationScale(-1f, 3f), Is.EqualTo((4f / 255f, (byte)64)));
        // [0.5, 2] widens to [0, 2]: zero point 0.
        Assert.That(OnnxInt8Quantizer.ActivationScale(0.5f, 2f), Is.EqualTo((2f / 255f, (byte)0)));
        // [-6, -2] widens to [-6, 0]: zero point 255.
        Assert.That(OnnxInt8Quantizer.ActivationScale(-6f, -2f), Is.EqualTo((6f / 255f, (byte)255)));
        // An all-zero tensor: scale 1, zero point 0 (ONNX Runtime's rule for a scale below float's smallest normal).
        Assert.That(OnnxInt8Quantizer.ActivationScale(0f, 0f), Is.EqualTo((1f, (byte)0)));
    }

    [Test]
    public void Weights_are_symmetric_per_output_channel_in_seven_bits_with_reduce_range_and_eight_without()
    {
        var w = new FloatConstant([2, 1, 1, 2], [0.5f, -1.0f, 0.2f, 0.1f]);
        var (reduced, reducedScales) = OnnxInt8Quantizer.QuantizeWeights(w, 0, reduceRange: true);
        // reduce_range: [-64, 64], scale = 2·absmax / 128. Channel 0: absmax 1 -> 1/64; channel 1: absmax 0.2 -> 0.2/64.
        Assert.That(reducedScales, Is.EqualTo(new[] { 1f / 64, 0.2f / 64 }).Within(1e-9f));
        Assert.That(reduced, Is.EqualTo(new sbyte[] { 32, -64, 64, 32 }));
        var (full, fullScales) = OnnxInt8Quantizer.QuantizeWeights(w, 0, reduceRange: false);
        // [-127, 127]: scale absmax / 127; 0.5 · 127 = 63.5 rounds to even (64).
        Assert.That(fullScales, Is.EqualTo(new[] { 1f / 127, 0.2f / 127 }).Within(1e-9f));
        Assert.That(full, Is.EqualTo(new sbyte[] { 64, -127, 127, 64 }));
        // Per tensor (MatMul weights): one scale from the largest magnitude.
        var (_, tensorScale) = OnnxInt8Quantizer.QuantizeWeights(w, -1, reduceRange: true);
        Assert.That(tensorScale, Is.EqualTo(new[] { 1f / 64 }));
    }

    [Test]
    public void Activation_ranges_widen_over_runs_ignore_nans_and_round_trip_through_json()
    {
        var ranges = new ActivationRanges();
        ranges.Update("a", [1f, 2f, float.NaN]);
        ranges.CountRun();
        ranges.Update("a", [-0.5f, 1.5f]);
        ranges.Update("b", [3f]);
        ranges.CountRun();
        Assert.That(ranges.TryGet("a", out var a) ? a : default, Is.EqualTo((-0.5f, 2f)));
        var back = ActivationRanges.FromJson(ranges.ToJson());
        Assert.That(back.Runs, Is.EqualTo(2));
        Assert.That(back.TryGet("b", out var b) ? b : default, Is.EqualTo((3f, 3f)));
        Assert.That(() => ActivationRanges.FromJson("{\"runs\": 1}"), Throws.InstanceOf<FormatException>().With.Message.Contains("int8 calibration statistics"));
    }

    [Test]
    public void An_opset_9_slice_moves_its_attributes_to_inputs_and_a_topk_is_refused()
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 9 });
        var slice = new NodeProto { OpType = "Slice", Name = "s" };
        slice.Input.Add("x");
        slice.Output.Add("y");
        slice.Attribute.Add(Ints("starts", 1));
        slice.Attribute.Add(Ints("ends", 3));
        slice.Attribute.Add(Ints("axes", 2));
        model.Graph.Node.Add(slice);
        OpsetTenUpgrade.Apply(model, "m");
        Assert.That(model.OpsetImport[0].Version, Is.EqualTo(10));
        Assert.That(slice.Attribute, Is.Empty);
        Assert.That(slice.Input, Is.EqualTo(new[] { "x", "y_starts", "y_ends", "y_axes" }));
        Assert.That(MemoryMarshal.Cast<byte, long>(model.Graph.Initializer.Single(t => t.Name == "y_axes").RawData.Span).ToArray(), Is.EqualTo(new long[] { 2 }));

        var topK = new ModelProto { Graph = new GraphProto() };
        topK.OpsetImport.Add(new OperatorSetIdProto { Version = 9 });
        topK.Graph.Node.Add(new NodeProto { OpType = "TopK", Name = "k" });
        Assert.That(() => OpsetTenUpgrade.Apply(topK, "m.onnx"), Throws.InstanceOf<PaddleModelFormatException>().With.Message.Contains("TopK node 'k'").And.Message.Contains("m.onnx"));
    }

    [Test]
    public void The_real_v4_detector_calibrated_on_real_photos_runs_as_integer_kernels_and_keeps_its_text_map()
    {
        var cache = TestPaths.NewTempDirectory("int8");
        try
        {
            var engine = new OnnxRuntimeEngine(int8Models: new OnnxInt8ModelCache(cache), onnxOptimizer: s => s.OnnxPath is { } p ? ModelSource.FromOnnxBytes(OnnxGraphOptimizer.Optimize(File.ReadAllBytes(p), p).OnnxModel, s.DisplayName) : s);
            var model = ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
            var int8 = new PredictorOptions { Precision = InferencePrecision.Int8 };
            Assert.That(() => engine.CreatePredictor(model, int8), Throws.InstanceOf<ModelLoadException>()
                .With.Message.Contains("has not been calibrated").And.Message.Contains("paddlex-sharp calibrate").And.Message.Contains(cache));

            var calibration = new OnnxInt8Calibration(engine);
            using var fp32 = engine.CreatePredictor(model, PredictorOptions.Default);
            using (var calibrating = calibration.Engine.CreatePredictor(model, int8))
            {
                Assert.That(calibrating.Outputs.Select(o => o.Name), Is.EqualTo(fp32.Outputs.Select(o => o.Name)));
                foreach (var photo in ImageInputs.RealImages(3))
                {
                    using var page = ImageInputs.Page(photo, 640);
                    var expected = ConverterTests.Run(fp32, page, out _);
                    var seen = ConverterTests.Run(calibrating, page, out _);
                    // The same fp32 graph with more outputs (which can stop a few of ONNX Runtime's fusions).
                    Assert.That(seen.Zip(expected, (x, y) => Math.Abs(x - y)).Max(), Is.LessThanOrEqualTo(1e-4f));
                }
            }

            var result = calibration.Save().Single();
            Assert.That(result.CalibrationRuns, Is.EqualTo(3));
            Assert.That(File.Exists(result.QuantizedModelPath) && File.Exists(Path.ChangeExtension(result.QuantizedModelPath, ".calibration.json")));
            // PP-OCRv4 det: 48 dense convolutions (the depthwise ones stay float), all of which ONNX Runtime fuses into QLinearConv.
            Assert.That(result.Convs, Is.EqualTo(48));
            Assert.That(result.OnnxRuntimeKernels.GetValueOrDefault("com.microsoft:QLinearConv"), Is.EqualTo(48));
            var statistics = ActivationRanges.FromJson(File.ReadAllText(Path.ChangeExtension(result.QuantizedModelPath, ".calibration.json")));
            Assert.That(statistics.Names, Has.Count.EqualTo(result.Activations));

            using var quantized = engine.CreatePredictor(model, int8);
            Assert.That(quantized.Settings["precision"], Is.EqualTo("int8"));
            using var unseen = ImageInputs.Page(ImageInputs.DevImages(1)[0], 640);
            var reference = ConverterTests.Run(fp32, unseen, out _);
            var approximate = ConverterTests.Run(quantized, unseen, out _);
            var meanDiff = reference.Zip(approximate, (x, y) => Math.Abs(x - y)).Average();
            var agree = reference.Zip(approximate, (x, y) => x > 0.3f == y > 0.3f).Count(s => s) / (double)reference.Length;
            TestContext.Out.WriteLine($"int8 vs fp32 on an image not calibrated on: mean |diff| {meanDiff:F4}, text-map agreement {agree:P2}; {result.Describe()}");
            Assert.That(reference.Count(v => v > 0.3f), Is.GreaterThan(1000), "the page has text");
            Assert.That(meanDiff, Is.LessThan(0.02));
            Assert.That(agree, Is.GreaterThan(0.98));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    private static AttributeProto Ints(string name, long value)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(value);
        return a;
    }
}

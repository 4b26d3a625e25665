using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models.Onnx;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

public class OnnxGraphOptimizerTests
{
    private static readonly OnnxRuntimeEngine Engine = new();

    [TestCase("PP-OCRv4_mobile_det", 24)]
    [TestCase("PP-OCRv4_mobile_rec", 28)]
    public void Official_v4_models_lose_their_scale_shift_and_hard_swish_nodes_and_keep_their_outputs(string model, int hardSwishChains)
    {
        var source = ModelSource.FromDirectory(TestPaths.RequiredModel(model));
        var original = File.ReadAllBytes(source.OnnxPath!);
        var result = OnnxGraphOptimizer.Optimize(original, source.OnnxPath!);
        TestContext.Out.WriteLine($"{model}: {result.NodesBefore} -> {result.NodesAfter} nodes, {result.HardSwishFused} hard-swish, {result.AffinesFolded} folded, {result.Elapsed.TotalMilliseconds:F0} ms");

        // Every x·clip(x+3, 0, 6)/6 chain of PP-LCNetV3 becomes one activation: no Clip and no Div by 6 is left.
        Assert.That(result.HardSwishFused, Is.EqualTo(hardSwishChains));
        var before = OpCounts(original);
        var after = OpCounts(result.OnnxModel);
        Assert.That(before.GetValueOrDefault("Clip"), Is.EqualTo(hardSwishChains));
        Assert.That(after.GetValueOrDefault("Clip"), Is.Zero);
        Assert.That(after.GetValueOrDefault("HardSigmoid"), Is.EqualTo(before.GetValueOrDefault("HardSigmoid") + hardSwishChains));
        Assert.That(after.GetValueOrDefault("Mul") + after.GetValueOrDefault("Add"), Is.LessThan((before["Mul"] + before["Add"]) / 2));
        Assert.That(result.NodesAfter, Is.LessThan(result.NodesBefore * 6 / 10));

        using var optimized = Engine.CreatePredictor(ModelSource.FromOnnxBytes(result.OnnxModel, model), PredictorOptions.Default);
        using var official = Engine.CreatePredictor(source, PredictorOptions.Default);
        var image = ImageInputs.DevImages(1)[0];
        var inputs = new List<Tensor>();
        if (model.EndsWith("det", StringComparison.Ordinal))
        {
            inputs.Add(ImageInputs.Page(image, 640));
            inputs.Add(ImageInputs.Page(ImageInputs.RealImages(1)[0], 960));
        }
        else
        {
            foreach (var line in ImageInputs.Lines(image).Take(3))
            {
                var width = Math.Clamp((int)Math.Ceiling(48.0 * line.W / line.H), 16, 1280);
                inputs.Add(ImageInputs.Crop(image, line, 48, Math.Max(width, 320), rotate180: false));
            }
        }

        foreach (var input in inputs)
        {
            using (input)
            {
                var a = ConverterTests.Run(optimized, input, out var shapeA);
                var b = ConverterTests.Run(official, input, out var shapeB);
                Assert.That(shapeA, Is.EqualTo(shapeB));
                var diff = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
                TestContext.Out.WriteLine($"{string.Join("x", shapeA)}: max |diff| {diff:E2}, max {b.Max():F3}");
                Assert.That(diff, Is.LessThanOrEqualTo(1e-4f));
                Assert.That(b.Max(), Is.GreaterThan(0.5f), "the input has text");
                // Same decision everywhere that is not a near tie: the argmax class of every recognition time step.
                if (shapeA.Length == 3)
                {
                    Assert.That(ArgMaxes(a, (int)shapeA[2]), Is.EqualTo(ArgMaxes(b, (int)shapeB[2])));
                }
            }
        }
    }

    [Test]
    public void Scale_and_shift_chains_around_padded_and_unpadded_convs_compute_the_same_function()
    {
        // Conv(3x3, pad 1) -> ·s + b (per channel) -> hard-swish (decomposed) -> ·s2 + b2 -> Conv(3x3 depthwise, pad 1)
        //   -> ·s3 + b3 -> Conv(1x1) -> y. The shift b2 meets padding: it must not become part of a bias.
        var g = new GraphBuilder(opset: 11);
        var x = g.Input("x", [1, 4, 9, 7]);
        var c1 = g.Conv(x, g.Random([4, 4, 3, 3], 1), g.Random([4], 2), pad: 1);
        var a1 = g.Op("Add", g.Op("Mul", g.Const([4, 1, 1], 1.5f, -0.5f, 2f, 0.75f), c1), g.Const([1, 4, 1, 1], 0.3f, -0.2f, 0.1f, 0.9f));
        var hs = g.HardSwishChain(a1);
        var a2 = g.Op("Add", g.Op("Mul", hs, g.Const([1], 0.8f)), g.Const([4, 1, 1], 0.25f, -0.5f, 0.125f, 1f));
        var c2 = g.Conv(a2, g.Random([4, 1, 3, 3], 3), null, pad: 1, group: 4);
        var a3 = g.Op("Add", g.Op("Mul", g.Const([], 1.25f), c2), g.Const([4, 1, 1], -0.1f, 0.2f, 0.3f, -0.4f));
        var c3 = g.Conv(a3, g.Random([3, 4, 1, 1], 4), g.Random([3], 5), pad: 0);
        g.Output(c3);

        var original = g.Build();
        var result = OnnxGraphOptimizer.Optimize(original);
        var ops = OpList(result.OnnxModel);
        TestContext.Out.WriteLine(string.Join(" ", ops));
        Assert.That(result.HardSwishFused, Is.EqualTo(1));
        Assert.That(ops, Has.None.EqualTo("Clip").And.None.EqualTo("Div").And.None.EqualTo("Sub"));
        // Left: the two folded Convs, the hard-swish (HardSigmoid·x), the shift b2 as a 1x1 depthwise Conv, the depthwise Conv, the 1x1 Conv.
        Assert.That(ops, Is.EqualTo(new[] { "Conv", "HardSigmoid", "Mul", "Conv", "Conv", "Conv" }));
        AssertSameOutputs(original, result.OnnxModel, [1, 4, 9, 7], 1e-5f);
    }

    [Test]
    public void A_conv_output_that_is_also_a_graph_output_is_not_folded_away()
    {
        var g = new GraphBuilder(opset: 17);
        var x = g.Input("x", [1, 2, 5, 5]);
        var conv = g.Conv(x, g.Random([2, 2, 3, 3], 7), null, pad: 1);
        var scaled = g.Op("Mul", conv, g.Const([1, 2, 1, 1], 2f, 3f));
        g.Output(conv);
        g.Output(scaled);

        var original = g.Build();
        var result = OnnxGraphOptimizer.Optimize(original);
        Assert.That(result.Changed, Is.False);
        Assert.That(result.OnnxModel, Is.EqualTo(original));
        AssertSameOutputs(original, result.OnnxModel, [1, 2, 5, 5], 0f);
    }

    [Test]
    public void Opset_14_graphs_get_one_HardSwish_node_and_a_shared_weight_is_scaled_only_for_its_folded_conv()
    {
        var g = new GraphBuilder(opset: 14);
        var x = g.Input("x", [1, 3, 6, 6]);
        var w = g.Random([3, 3, 1, 1], 11);
        var left = g.Op("Mul", g.Conv(x, w, null, pad: 0), g.Const([1], 4f));
        var right = g.Conv(x, w, null, pad: 0);
        g.Output(g.HardSwishChain(g.Op("Add", left, right)));

        var original = g.Build();
        var result = OnnxGraphOptimizer.Optimize(original);
        Assert.That(OpList(result.OnnxModel), Is.EqualTo(new[] { "Conv", "Conv", "Add", "HardSwish" }));
        AssertSameOutputs(original, result.OnnxModel, [1, 3, 6, 6], 1e-5f);
    }

    [Test]
    public void Bytes_that_are_not_a_model_are_rejected_naming_the_file()
    {
        var e = Assert.Throws<PaddleModelFormatException>(() => OnnxGraphOptimizer.Optimize([0x0a, 0xff, 0xff, 0x01], "/models/broken.onnx"));
        Assert.That(e!.Message, Does.Contain("/models/broken.onnx").And.Contain("not an ONNX model"));
    }

    [Test]
    public void Converter_writes_the_optimised_graph_unless_told_not_to()
    {
        var source = ModelSource.FromDirectory(SharedModels.Dir("PP-OCRv4_mobile_det"));
        var plain = new PaddleToOnnxConverter(optimizeGraph: false).Convert(source.PaddleProgramPath!, source.PaddleParamsPath);
        var optimized = new PaddleToOnnxConverter().Convert(source.PaddleProgramPath!, source.PaddleParamsPath);
        var plainOps = OpCounts(plain.OnnxModel);
        var optimizedOps = OpCounts(optimized.OnnxModel);
        TestContext.Out.WriteLine($"plain {plainOps.Values.Sum()} nodes, optimised {optimizedOps.Values.Sum()}");
        Assert.That(optimizedOps.Values.Sum(), Is.LessThan(plainOps.Values.Sum() * 7 / 10));
        Assert.That(optimizedOps.GetValueOrDefault("Mul"), Is.LessThan(plainOps.GetValueOrDefault("Mul") / 2));
    }

    private static void AssertSameOutputs(byte[] a, byte[] b, long[] inputShape, float tolerance)
    {
        using var pa = Engine.CreatePredictor(ModelSource.FromOnnxBytes(a, "a"), PredictorOptions.Default);
        using var pb = Engine.CreatePredictor(ModelSource.FromOnnxBytes(b, "b"), PredictorOptions.Default);
        using var input = Tensor.Rent<float>(inputShape);
        var data = input.AsSpan<float>();
        var random = new Random(42);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 8 - 4);
        }

        var outA = pa.Run([new NamedTensor("x", input)]);
        var outB = pb.Run([new NamedTensor("x", input)]);
        try
        {
            Assert.That(outB, Has.Length.EqualTo(outA.Length));
            for (var k = 0; k < outA.Length; k++)
            {
                var va = outA[k].AsSpan<float>().ToArray();
                var vb = outB[k].AsSpan<float>().ToArray();
                Assert.That(outB[k].Shape.ToArray(), Is.EqualTo(outA[k].Shape.ToArray()));
                var diff = va.Zip(vb, (p, q) => Math.Abs(p - q)).Max();
                TestContext.Out.WriteLine($"output {k}: max |diff| {diff:E2} (max |value| {va.Max(v => Math.Abs(v)):F3})");
                Assert.That(diff, Is.LessThanOrEqualTo(tolerance * Math.Max(1f, va.Max(v => Math.Abs(v)))));
                Assert.That(va.Max(v => Math.Abs(v)), Is.GreaterThan(0.1f), "a meaningful output");
            }
        }
        finally
        {
            foreach (var o in outA.Concat(outB))
            {
                o.Dispose();
            }
        }
    }

    private static int[] ArgMaxes(float[] values, int classes)
    {
        var result = new int[values.Length / classes];
        for (var t = 0; t < result.Length; t++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                best = values[t * classes + c] > values[t * classes + best] ? c : best;
            }

            result[t] = best;
        }

        return result;
    }

    private static List<string> OpList(byte[] model) =>
        ModelProto.Parser.ParseFrom(model).Graph.Node.Where(n => n.OpType != "Constant").Select(n => n.OpType).ToList();

    private static Dictionary<string, int> OpCounts(byte[] model) =>
        OpList(model).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Builds small float graphs with initializers.</summary>
    private sealed class GraphBuilder(int opset)
    {
        private readonly GraphProto _graph = new() { Name = "test" };
        private int _next;

        public string Input(string name, long[] dims)
        {
            _graph.Input.Add(ValueInfo(name, dims));
            return name;
        }

        public void Output(string name) => _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } });

        public string Const(long[] dims, params float[] values)
        {
            var name = "c" + _next++;
            var t = new TensorProto { Name = name, DataType = 1, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
            t.Dims.AddRange(dims);
            _graph.Initializer.Add(t);
            return name;
        }

        public string Random(long[] dims, int seed)
        {
            var random = new Random(seed);
            var values = new float[dims.Aggregate(1L, (a, d) => a * d)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() - 0.5);
            }

            return Const(dims, values);
        }

        public string Op(string op, params string[] inputs)
        {
            var output = "v" + _next++;
            var node = new NodeProto { OpType = op, Name = output };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            _graph.Node.Add(node);
            return output;
        }

        public string Conv(string x, string w, string? b, int pad, int group = 1)
        {
            var output = b is null ? Op("Conv", x, w) : Op("Conv", x, w, b);
            var node = _graph.Node[^1];
            var pads = new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints };
            pads.Ints.AddRange([pad, pad, pad, pad]);
            node.Attribute.Add(pads);
            node.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = group });
            return output;
        }

        /// <summary>x·clip(x + 3, 0, 6)/6 as paddle2onnx writes it (Clip bounds as attributes before opset 11, inputs after).</summary>
        public string HardSwishChain(string x)
        {
            var plus = Op("Add", x, Const([], 3f));
            string clip;
            if (opset < 11)
            {
                clip = Op("Clip", plus);
                _graph.Node[^1].Attribute.Add(new AttributeProto { Name = "min", Type = AttributeProto.Types.AttributeType.Float, F = 0 });
                _graph.Node[^1].Attribute.Add(new AttributeProto { Name = "max", Type = AttributeProto.Types.AttributeType.Float, F = 6 });
            }
            else
            {
                clip = Op("Clip", plus, Const([], 0f), Const([], 6f));
            }

            return Op("Div", Op("Mul", x, clip), Const([], 6f));
        }

        public byte[] Build()
        {
            var model = new ModelProto { IrVersion = 7, Graph = _graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
            return model.ToByteArray();
        }

        private static ValueInfoProto ValueInfo(string name, long[] dims)
        {
            var shape = new TensorShapeProto();
            foreach (var d in dims)
            {
                shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            }

            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
        }
    }
}

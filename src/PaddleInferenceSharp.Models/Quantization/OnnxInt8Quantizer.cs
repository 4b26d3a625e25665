using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Static int8 quantization of an ONNX model in QDQ form, which ONNX Runtime fuses into integer kernels
/// (QLinearConv, QLinearMatMul): Conv weights per output channel and MatMul weights per tensor become int8
/// (symmetric, zero point 0), Conv biases int32 at the scale input × weight, and the float activations read and
/// written by those nodes get a QuantizeLinear/DequantizeLinear pair (uint8, asymmetric) whose range was measured
/// on calibration inputs (<see cref="ActivationRanges"/>). Scale and zero point follow ONNX Runtime's quantizer:
/// the range is widened to include 0, <c>scale = (max − min) / (qmax − qmin)</c>, <c>zero_point = round(qmin − min / scale)</c>.
/// </summary>
/// <remarks>
/// Calibration is a three-step affair: <see cref="CalibrationTensors"/> names the activations to measure,
/// <see cref="WithCalibrationOutputs"/> makes them graph outputs so that a run returns them, and the ranges seen over
/// the calibration runs are handed to <see cref="Quantize"/>. Models below opset 13 get the com.microsoft
/// QuantizeLinear/DequantizeLinear (per-axis scales in any opset); from 13 on, ONNX's own.
/// </remarks>
public static class OnnxInt8Quantizer
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>The activation tensors whose ranges <see cref="Quantize"/> needs, in graph order.</summary>
    /// <exception cref="PaddleModelFormatException">The bytes are not an ONNX model.</exception>
    public static IReadOnlyList<string> CalibrationTensors(ReadOnlySpan<byte> model, Int8QuantizationOptions? options = null, string displayName = "(ONNX model)")
    {
        var proto = Parse(model, displayName);
        var plan = Plan(proto, options ?? new Int8QuantizationOptions(), ranges: null);
        return plan.Activations;
    }

    /// <summary>The model with <paramref name="tensors"/> added as float outputs after its own (for calibration runs).</summary>
    /// <exception cref="PaddleModelFormatException">The bytes are not an ONNX model.</exception>
    public static byte[] WithCalibrationOutputs(ReadOnlySpan<byte> model, IEnumerable<string> tensors, string displayName = "(ONNX model)")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var proto = Parse(model, displayName);
        var existing = proto.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in tensors.Where(existing.Add))
        {
            proto.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        return proto.ToByteArray();
    }

    /// <summary>Quantizes a model with the activation ranges measured on calibration inputs.</summary>
    /// <exception cref="PaddleModelFormatException">The bytes are not an ONNX model.</exception>
    public static OnnxInt8Quantization Quantize(ReadOnlySpan<byte> model, ActivationRanges ranges, Int8QuantizationOptions? options = null, string displayName = "(ONNX model)")
    {
        ArgumentNullException.ThrowIfNull(ranges);
        options ??= new Int8QuantizationOptions();
        var proto = Parse(model, displayName);
        var plan = Plan(proto, options, ranges);
        var graph = proto.Graph;
        OpsetTenUpgrade.Apply(proto, displayName);
        var opset = OnnxOpset(proto);
        var domain = opset >= 13 ? "" : MicrosoftDomain;
        if (domain.Length > 0 && !proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        var index = plan.Index;
        var activation = new Dictionary<string, (float Scale, byte ZeroPoint, string Dequantized)>(StringComparer.Ordinal);
        var front = new List<NodeProto>();
        var after = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var name in plan.Activations)
        {
            ranges.TryGet(name, out var r);
            var (scale, zeroPoint) = ActivationScale(r.Min, r.Max);
            var scaleName = name + "_scale";
            var zeroName = name + "_zero_point";
            graph.Initializer.Add(Scalar(scaleName, scale));
            graph.Initializer.Add(new TensorProto { Name = zeroName, DataType = (int)TensorProto.Types.DataType.Uint8, RawData = ByteString.CopyFrom([zeroPoint]) });
            var pair = new List<NodeProto>
            {
                QdqNode("QuantizeLinear", domain, [name, scaleName, zeroName], name + "_quantized", null),
                QdqNode("DequantizeLinear", domain, [name + "_quantized", scaleName, zeroName], name + "_dequantized", null),
            };
            activation[name] = (scale, zeroPoint, name + "_dequantized");
            if (graph.Input.Any(i => i.Name == name))
            {
                front.AddRange(pair);
            }
            else
            {
                after[name] = pair;
            }
        }

        // Keyed by reference: protobuf messages hash by value, and the loop below edits the nodes' inputs.
        var weightInputs = new Dictionary<NodeProto, Dictionary<int, string>>(ReferenceEqualityComparer.Instance);
        foreach (var (node, isConv) in plan.Nodes)
        {
            var inputScale = activation[node.Input[0]].Scale;
            var w = index.Floats[node.Input[1]];
            var axis = isConv ? 0 : -1;
            var (quantized, scales) = QuantizeWeights(w, axis, options.ReduceRange);
            var wName = node.Input[1] + "_int8_" + node.Name;
            graph.Initializer.Add(Int8Tensor(wName + "_quantized", w.Dims, quantized));
            graph.Initializer.Add(FloatTensor(wName + "_scale", scales.Length == 1 ? [] : [scales.Length], scales));
            graph.Initializer.Add(Int8Tensor(wName + "_zero_point", scales.Length == 1 ? [] : [scales.Length], new sbyte[scales.Length]));
            front.Add(QdqNode("DequantizeLinear", domain, [wName + "_quantized", wName + "_scale", wName + "_zero_point"], wName + "_dequantized", scales.Length == 1 ? null : axis));
            weightInputs[node] = new Dictionary<int, string> { [1] = wName + "_dequantized" };
            if (isConv && node.Input.Count > 2 && node.Input[2].Length > 0)
            {
                var bias = index.Floats[node.Input[2]].Values;
                var biasScales = new float[bias.Length];
                var biasQ = new int[bias.Length];
                for (var c = 0; c < bias.Length; c++)
                {
                    biasScales[c] = inputScale * scales[scales.Length == 1 ? 0 : c];
                    biasQ[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)biasScales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
                }

                var bName = node.Input[2] + "_int32_" + node.Name;
                var bq = new TensorProto { Name = bName + "_quantized", DataType = (int)TensorProto.Types.DataType.Int32, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(biasQ.AsSpan())) };
                bq.Dims.Add(bias.Length);
                graph.Initializer.Add(bq);
                graph.Initializer.Add(FloatTensor(bName + "_scale", [bias.Length], biasScales));
                var bz = new TensorProto { Name = bName + "_zero_point", DataType = (int)TensorProto.Types.DataType.Int32, RawData = ByteString.CopyFrom(new byte[4 * bias.Length]) };
                bz.Dims.Add(bias.Length);
                graph.Initializer.Add(bz);
                front.Add(QdqNode("DequantizeLinear", domain, [bName + "_quantized", bName + "_scale", bName + "_zero_point"], bName + "_dequantized", 0));
                weightInputs[node][2] = bName + "_dequantized";
            }
        }

        var nodes = new List<NodeProto>(front);
        var planned = plan.Nodes.Select(n => n.Node).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Node)
        {
            // A Conv, MatMul or Gemm left in float keeps reading the float tensor: given a dequantized input, ONNX
            // Runtime would quantize its float weights itself (its WeightBiasQuantization), in the model's opset.
            var readsFloat = !planned.Contains(node) && (OnnxGraphIndex.IsOp(node, "Conv") || OnnxGraphIndex.IsOp(node, "MatMul") || OnnxGraphIndex.IsOp(node, "Gemm") || OnnxGraphIndex.IsOp(node, "ConvTranspose"));
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (weightInputs.TryGetValue(node, out var weights) && weights.TryGetValue(i, out var replaced))
                {
                    node.Input[i] = replaced;
                }
                else if (!readsFloat && activation.TryGetValue(node.Input[i], out var a))
                {
                    node.Input[i] = a.Dequantized;
                }
            }

            nodes.Add(node);
            foreach (var output in node.Output)
            {
                if (after.TryGetValue(output, out var pair))
                {
                    nodes.AddRange(pair);
                }
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        DeadNodeRemoval.Run(new OnnxGraphIndex(graph, opset));
        return new OnnxInt8Quantization(proto.ToByteArray(), plan.Nodes.Count(n => n.IsConv), plan.Nodes.Count(n => !n.IsConv), plan.Activations.Count, plan.KeptFloat);
    }

    /// <summary>uint8 scale and zero point of a range, widened to include 0 (ONNX Runtime's <c>compute_scale_zp</c>).</summary>
    internal static (float Scale, byte ZeroPoint) ActivationScale(float min, float max)
    {
        var rmin = Math.Min(min, 0f);
        var rmax = Math.Max(max, 0f);
        var scale = (rmax - rmin) / 255f;
        if (scale == 0f || !float.IsFinite(scale))
        {
            return (1f, 0);
        }

        var zero = Math.Round(0 - rmin / (double)scale, MidpointRounding.ToEven);
        return (scale, (byte)Math.Clamp(zero, 0, 255));
    }

    /// <summary>Symmetric int8 weights, per slice along <paramref name="axis"/> (−1: one scale for the tensor).</summary>
    internal static (sbyte[] Values, float[] Scales) QuantizeWeights(FloatConstant w, int axis, bool reduceRange)
    {
        var qmax = reduceRange ? 64 : 127;
        var qmin = -qmax;
        var channels = axis < 0 ? 1 : (int)w.Dims[axis];
        var per = w.Values.Length / channels;
        var scales = new float[channels];
        var values = new sbyte[w.Values.Length];
        for (var c = 0; c < channels; c++)
        {
            var slice = w.Values.AsSpan(c * per, per);
            var absMax = 0f;
            foreach (var v in slice)
            {
                absMax = Math.Max(absMax, Math.Abs(v));
            }

            // (rmax - rmin) / (qmax - qmin) with rmin = -rmax.
            var scale = absMax == 0f ? 1f : 2 * absMax / (qmax - qmin);
            scales[c] = scale;
            for (var i = 0; i < per; i++)
            {
                values[c * per + i] = (sbyte)Math.Clamp(Math.Round(slice[i] / (double)scale, MidpointRounding.ToEven), qmin, qmax);
            }
        }

        return (values, scales);
    }

    private sealed record QuantizationPlan(OnnxGraphIndex Index, List<(NodeProto Node, bool IsConv)> Nodes, List<string> Activations, List<string> KeptFloat);

    // The nodes to quantize and the activations they read and write. With ranges, a node whose activations were not
    // all measured is kept in float.
    private static QuantizationPlan Plan(ModelProto proto, Int8QuantizationOptions options, ActivationRanges? ranges)
    {
        var index = new OnnxGraphIndex(proto.Graph, OnnxOpset(proto));
        index.Rebuild();
        var inputs = proto.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<(NodeProto Node, bool IsConv)>();
        foreach (var node in proto.Graph.Node)
        {
            if (node.Input.Count < 2 || node.Output.Count != 1 || index.Floats.ContainsKey(node.Input[0]) || !index.Floats.ContainsKey(node.Input[1]))
            {
                continue;
            }

            if (OnnxGraphIndex.IsOp(node, "Conv") && (node.Input.Count < 3 || node.Input[2].Length == 0 || index.Floats.ContainsKey(node.Input[2]))
                && (options.QuantizeDepthwiseConv || !IsDepthwise(node, index.Floats[node.Input[1]])))
            {
                candidates.Add((node, true));
            }
            else if (options.QuantizeMatMul && OnnxGraphIndex.IsOp(node, "MatMul") && index.Floats[node.Input[1]].Dims.Length == 2)
            {
                candidates.Add((node, false));
            }
        }

        var kept = new List<string>();
        var nodes = new List<(NodeProto Node, bool IsConv)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (node, isConv) = candidates[i];
            var keep = options.KeepFloat.Contains(node.Name)
                || (options.KeepFirstLayerFloat && isConv && inputs.Contains(node.Input[0]) && candidates.FindIndex(c => c.IsConv && inputs.Contains(c.Node.Input[0])) == i)
                || (options.KeepLastLayerFloat && i == candidates.Count - 1)
                || (ranges is not null && (!ranges.TryGet(node.Input[0], out _) || !ranges.TryGet(node.Output[0], out _)));
            if (keep)
            {
                kept.Add($"{node.Name} ({node.OpType})");
            }
            else
            {
                nodes.Add((node, isConv));
            }
        }

        var activations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, _) in nodes)
        {
            if (seen.Add(node.Input[0]))
            {
                activations.Add(node.Input[0]);
            }

            if (seen.Add(node.Output[0]))
            {
                activations.Add(node.Output[0]);
            }
        }

        return new QuantizationPlan(index, nodes, activations, kept);
    }

    // Conv weights are [M, C/group, k...]: depthwise when every group has one input channel and there is more than one group.
    private static bool IsDepthwise(NodeProto conv, FloatConstant w) => ConvWeights.Group(conv) > 1 && w.Dims.Length > 1 && w.Dims[1] == 1;

    private static ModelProto Parse(ReadOnlySpan<byte> model, string displayName)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PaddleModelFormatException($"'{displayName}' is not an ONNX model: {e.Message}", displayName, null, e);
        }

        return proto.Graph is null ? throw new PaddleModelFormatException($"The ONNX model '{displayName}' has no graph.", displayName) : proto;
    }

    private static long OnnxOpset(ModelProto proto) =>
        proto.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();

    private static NodeProto QdqNode(string op, string domain, string[] inputs, string output, int? axis)
    {
        var node = OnnxGraphIndex.Node(op, inputs, output, output);
        node.Domain = domain;
        if (axis is { } a)
        {
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        }

        return node;
    }

    private static TensorProto Scalar(string name, float value) => FloatTensor(name, [], [value]);

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static TensorProto Int8Tensor(string name, long[] dims, sbyte[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }
}

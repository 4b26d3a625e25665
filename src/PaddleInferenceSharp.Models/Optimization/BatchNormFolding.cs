using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Folds inference-mode BatchNormalization into the Conv that feeds it (W' = W·s, b' = (b − mean)·s + β with
/// s = γ/√(var+ε)), when the Conv output feeds nothing else and all weights are constants; then drops the
/// initializers no node uses. The folded graph computes the same function up to float rounding (≈1e-6 relative).
/// </summary>
internal static class BatchNormFolding
{
    public static int Apply(GraphProto graph)
    {
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer)
        {
            initializers[t.Name] = t;
        }

        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                uses[input] = uses.GetValueOrDefault(input) + 1;
            }
        }

        foreach (var output in graph.Output)
        {
            uses[output.Name] = uses.GetValueOrDefault(output.Name) + 1;
        }

        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                producer[output] = node;
            }
        }

        var removed = new HashSet<NodeProto>();
        var folded = 0;
        foreach (var bn in graph.Node)
        {
            if (bn.OpType != "BatchNormalization" || bn.Input.Count != 5 || bn.Output.Count != 1 ||
                !producer.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv" || uses.GetValueOrDefault(bn.Input[0]) != 1 ||
                !initializers.TryGetValue(conv.Input[1], out var wTensor) || wTensor.DataType != (int)TensorProto.Types.DataType.Float ||
                wTensor.RawData.Length == 0 || uses.GetValueOrDefault(conv.Input[1]) != 1)
            {
                continue;
            }

            float[]? convBias = null;
            if (conv.Input.Count > 2 && !TryFloats(initializers, conv.Input[2], out convBias, out _))
            {
                continue;
            }

            if (!TryFloats(initializers, bn.Input[1], out var gamma, out _) || !TryFloats(initializers, bn.Input[2], out var beta, out _) ||
                !TryFloats(initializers, bn.Input[3], out var mean, out _) || !TryFloats(initializers, bn.Input[4], out var variance, out _))
            {
                continue;
            }

            // The weights are read in place and the folded ones written straight into the initializer's bytes.
            var w = MemoryMarshal.Cast<byte, float>(wTensor.RawData.Span);
            var channels = gamma.Length;
            if (wTensor.Dims.Count == 0 || wTensor.Dims[0] != channels || w.Length % channels != 0)
            {
                continue;
            }

            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var perChannel = w.Length / channels;
            var newWBytes = new byte[w.Length * sizeof(float)];
            var newW = MemoryMarshal.Cast<byte, float>(newWBytes.AsSpan());
            var newB = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var s = gamma[c] / Math.Sqrt(variance[c] + (double)epsilon);
                for (var i = 0; i < perChannel; i++)
                {
                    newW[c * perChannel + i] = (float)(w[c * perChannel + i] * s);
                }

                newB[c] = (float)(((convBias?[c] ?? 0) - mean[c]) * s + beta[c]);
            }

            var wName = conv.Input[1] + "_bn_folded";
            var bName = bn.Output[0] + "_bn_bias";
            var folding = new TensorProto { Name = wName, DataType = (int)TensorProto.Types.DataType.Float, RawData = UnsafeByteOperations.UnsafeWrap(newWBytes) };
            folding.Dims.AddRange(wTensor.Dims);
            graph.Initializer.Add(folding);
            graph.Initializer.Add(Tensor(bName, [channels], newB));
            conv.Input[1] = wName;
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = bName;
            }
            else
            {
                conv.Input.Add(bName);
            }

            conv.Output[0] = bn.Output[0];
            removed.Add(bn);
            folded++;
        }

        var kept = graph.Node.Where(n => !removed.Contains(n)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var used = new HashSet<string>(graph.Node.SelectMany(n => n.Input), StringComparer.Ordinal);
        var live = graph.Initializer.Where(t => used.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(live);
        return folded;
    }

    private static bool TryFloats(Dictionary<string, TensorProto> initializers, string name, out float[] values, out TensorProto tensor)
    {
        values = [];
        if (!initializers.TryGetValue(name, out tensor!) || tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return false;
        }

        values = tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray();
        return true;
    }

    private static TensorProto Tensor(string name, IEnumerable<long> dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        return t;
    }
}

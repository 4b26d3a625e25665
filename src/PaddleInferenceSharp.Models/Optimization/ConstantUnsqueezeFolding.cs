using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Unsqueeze(constant)</c> → a constant of the new shape (Paddle's broadcast biases).</summary>
internal sealed class ConstantUnsqueezeFolding : OnnxGraphPass
{
    protected override bool TryRewrite(OnnxGraphIndex index, NodeProto node)
    {
        if (!IsOp(node, "Unsqueeze") || node.Output.Count != 1 || !index.Floats.TryGetValue(node.Input[0], out var data))
        {
            return false;
        }

        long[]? axes = null;
        if (node.Input.Count > 1)
        {
            index.Ints.TryGetValue(node.Input[1], out axes);
        }
        else if (node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } attr)
        {
            axes = attr.Ints.ToArray();
        }

        if (axes is null)
        {
            return false;
        }

        var rank = data.Dims.Length + axes.Length;
        var normalized = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
        if (normalized.Count != axes.Length || normalized.Any(a => a < 0 || a >= rank))
        {
            return false;
        }

        var dims = new long[rank];
        for (int i = 0, j = 0; i < rank; i++)
        {
            dims[i] = normalized.Contains(i) ? 1 : data.Dims[j++];
        }

        index.Graph.Initializer.Add(index.FloatTensor(node.Output[0], dims, data.Values));
        index.Floats[node.Output[0]] = new FloatConstant(dims, data.Values);
        index.Remove(node);
        return true;
    }
}

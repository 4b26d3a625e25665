using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Add(x, 0)</c>, <c>Sub(x, 0)</c> and <c>Mul(x, 1)</c> in front of Convs → x.</summary>
internal static class ZeroShiftRemoval
{
    public static int Run(OnnxGraphIndex index)
    {
        var graph = index.Graph;
        var dropped = 0;
        foreach (var node in graph.Node)
        {
            var constSide = index.ConstantOperand(node, "Add", "Sub", "Mul");
            if (constSide < 0 || index.Pinned.Contains(node.Output[0]))
            {
                continue;
            }

            var identity = IsOp(node, "Mul") ? 1f : 0f;

            // Only before Convs, where x has the channels the constant broadcasts over, so x's shape is the output's.
            var c = index.Floats[node.Input[constSide]];
            if (c.Values.Any(v => v != identity) || !index.TryConvConsumers(node, out var convs) ||
                !convs.All(conv => index.TryConv(conv, out var w, out _) && TryChannelVector(c, (int)w.Dims[1] * Group(conv), w.Dims.Length, out _)))
            {
                continue;
            }

            index.Rewire(node.Output[0], node.Input[1 - constSide]);
            index.Remove(node);
            dropped++;
        }

        return dropped;
    }
}

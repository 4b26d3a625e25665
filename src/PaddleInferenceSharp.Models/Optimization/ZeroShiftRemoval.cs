using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Add(x, 0)</c>, <c>Sub(x, 0)</c> and <c>Mul(x, 1)</c> in front of Convs → x.</summary>
internal sealed class ZeroShiftRemoval() : ConvInputAffinePass("Add", "Sub", "Mul")
{
    protected override bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine)
    {
        var identity = IsOp(affine.Node, "Mul") ? 1f : 0f;

        // Only before Convs, where x has the channels the constant broadcasts over, so x's shape is the output's.
        var c = affine.Constant;
        if (c.Values.Any(v => v != identity) ||
            !affine.Convs.All(conv => index.TryConv(conv, out var w, out _) && TryChannelVector(c, (int)w.Dims[1] * Group(conv), w.Dims.Length, out _)))
        {
            return false;
        }

        return Bypass(index, affine);
    }
}

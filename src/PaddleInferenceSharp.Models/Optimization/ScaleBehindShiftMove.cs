using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// <c>Add(Mul(x, s), b) → padded Conv(s)</c> → <c>Mul(Add(x, b/s), s)</c>, so that the scale can then be folded
/// into the Conv weights (a shift cannot, because of the padding).
/// </summary>
internal sealed class ScaleBehindShiftMove() : ConvInputAffinePass("Add")
{
    protected override bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine)
    {
        var add = affine.Node;
        if (!index.TrySingleUseProducer(affine.X, "Mul", out var mul))
        {
            return false;
        }

        var scaleSide = index.ConstantOperand(mul, "Mul");
        if (scaleSide < 0)
        {
            return false;
        }

        var (w, channels) = affine.FirstConv(index);
        if (!TryChannelVector(index.Floats[mul.Input[scaleSide]], channels, w.Dims.Length, out var scale) ||
            !TryChannelVector(affine.Constant, channels, w.Dims.Length, out var shift) ||
            scale.Any(s => s == 0 || !float.IsFinite(s)))
        {
            return false;
        }

        var divided = new float[channels];
        for (var i = 0; i < channels; i++)
        {
            divided[i] = (float)(shift[i] / (double)scale[i]);
            if (!float.IsFinite(divided[i]))
            {
                return false;
            }
        }

        var dims = ChannelDims(channels, w.Dims.Length);
        var shiftName = index.Fresh(add.Output[0] + "_shift");
        var scaleName = index.Fresh(add.Output[0] + "_scale");
        var graph = index.Graph;
        graph.Initializer.Add(index.FloatTensor(shiftName, dims, divided));
        graph.Initializer.Add(index.FloatTensor(scaleName, dims, scale));
        var shifted = index.Fresh(add.Output[0] + "_shifted");
        graph.Node[index.IndexOf(mul)] = Node("Add", [mul.Input[1 - scaleSide], shiftName], shifted, mul.Name);
        graph.Node[index.IndexOf(add)] = Node("Mul", [shifted, scaleName], add.Output[0], add.Name);
        return true;
    }
}

using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// <c>Add(x, per-channel constant) → padded 2-D Conv(s)</c>, the shifts left after folding, → a 1×1 depthwise
/// Conv with weight 1 and the shift as bias: the same sums (1·x + b = x + b exactly), but a node that stays in
/// ONNX Runtime's blocked (NCHWc) layout, so no layout conversions are needed around it.
/// </summary>
internal sealed class ShiftToDepthwiseConv() : ConvInputAffinePass("Add")
{
    protected override bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine)
    {
        var (w, channels) = affine.FirstConv(index);
        if (w.Dims.Length != 4 || !TryChannelVector(affine.Constant, channels, 4, out var shift) ||
            affine.Convs.Any(c => !index.TryConv(c, out var cw, out _) || cw.Dims.Length != 4 || (int)cw.Dims[1] * Group(c) != channels))
        {
            return false;
        }

        var add = affine.Node;
        var weightName = index.Fresh(add.Output[0] + "_one");
        var biasName = index.Fresh(add.Output[0] + "_shift");
        var ones = new float[channels];
        Array.Fill(ones, 1f);
        var graph = index.Graph;
        graph.Initializer.Add(index.FloatTensor(weightName, [channels, 1, 1, 1], ones));
        graph.Initializer.Add(index.FloatTensor(biasName, [channels], shift.ToArray()));
        var conv = Node("Conv", [affine.X, weightName, biasName], add.Output[0], add.Name);
        conv.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = channels });
        var kernel = new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints };
        kernel.Ints.Add([1, 1]);
        conv.Attribute.Add(kernel);
        graph.Node[index.IndexOf(add)] = conv;
        return true;
    }
}

using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Add/Sub(x, per-channel constant) → Conv without padding</c> → the Conv's bias absorbs the shift.</summary>
internal sealed class UnpaddedConvShiftFolding() : ConvInputAffinePass("Add", "Sub")
{
    protected override bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine)
    {
        if (affine.Convs.Any(c => !HasNoPadding(c)))
        {
            return false;
        }

        var sign = IsOp(affine.Node, "Sub") ? -1f : 1f;
        var updates = new List<(NodeProto Conv, FloatConstant W, float[] Bias)>();
        foreach (var conv in affine.Convs)
        {
            index.TryConv(conv, out var w, out var bias);
            var layout = ConvLayout.Of(conv, w);
            if (!TryChannelVector(affine.Constant, layout.InChannels, w.Dims.Length, out var shift))
            {
                return false;
            }

            var newB = bias?.Values.ToArray() ?? new float[layout.OutChannels];
            for (var o = 0; o < layout.OutChannels; o++)
            {
                double sum = 0;
                for (var i = 0; i < layout.InPerGroup; i++)
                {
                    double s = shift[layout.InputChannel(o, i)];
                    for (var k = 0; k < layout.Kernel; k++)
                    {
                        sum += w.Values[layout.At(o, i, k)] * s;
                    }
                }

                newB[o] = (float)(newB[o] + sign * sum);
            }

            updates.Add((conv, w, newB));
        }

        foreach (var (conv, w, newB) in updates)
        {
            index.SetConvWeights(conv, w.Dims, w.Values, newB);
        }

        return Bypass(index, affine);
    }
}

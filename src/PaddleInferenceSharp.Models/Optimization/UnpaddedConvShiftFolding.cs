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
            var group = Group(conv);
            var inPerGroup = (int)w.Dims[1];
            if (!TryChannelVector(affine.Constant, inPerGroup * group, w.Dims.Length, out var shift))
            {
                return false;
            }

            var outChannels = (int)w.Dims[0];
            var outPerGroup = outChannels / group;
            var kernel = w.Values.Length / (outChannels * inPerGroup);
            var newB = bias?.Values.ToArray() ?? new float[outChannels];
            for (var o = 0; o < outChannels; o++)
            {
                var g = o / outPerGroup;
                double sum = 0;
                for (var i = 0; i < inPerGroup; i++)
                {
                    double s = shift[g * inPerGroup + i];
                    for (var k = 0; k < kernel; k++)
                    {
                        sum += w.Values[(o * inPerGroup + i) * kernel + k] * s;
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

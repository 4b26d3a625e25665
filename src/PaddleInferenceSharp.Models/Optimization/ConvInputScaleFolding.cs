using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Mul(x, per-channel constant) → Conv(s)</c> → the Convs' input-channel weights absorb the scale (exact with zero padding).</summary>
internal sealed class ConvInputScaleFolding() : ConvInputAffinePass("Mul")
{
    protected override bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine)
    {
        var updates = new List<(NodeProto Conv, FloatConstant W, FloatConstant? Bias, float[] NewW)>();
        foreach (var conv in affine.Convs)
        {
            index.TryConv(conv, out var w, out var bias);
            var group = Group(conv);
            var inPerGroup = (int)w.Dims[1];
            if (!TryChannelVector(affine.Constant, inPerGroup * group, w.Dims.Length, out var scale))
            {
                return false;
            }

            var outChannels = (int)w.Dims[0];
            var outPerGroup = outChannels / group;
            var kernel = w.Values.Length / (outChannels * inPerGroup);
            var newW = new float[w.Values.Length];
            for (var o = 0; o < outChannels; o++)
            {
                var g = o / outPerGroup;
                for (var i = 0; i < inPerGroup; i++)
                {
                    var s = scale[g * inPerGroup + i];
                    for (var k = 0; k < kernel; k++)
                    {
                        var at = (o * inPerGroup + i) * kernel + k;
                        newW[at] = w.Values[at] * s;
                    }
                }
            }

            updates.Add((conv, w, bias, newW));
        }

        foreach (var (conv, w, bias, newW) in updates)
        {
            index.SetConvWeights(conv, w.Dims, newW, bias?.Values);
        }

        return Bypass(index, affine);
    }
}

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
            var layout = ConvLayout.Of(conv, w);
            if (!TryChannelVector(affine.Constant, layout.InChannels, w.Dims.Length, out var scale))
            {
                return false;
            }

            var newW = new float[w.Values.Length];
            for (var o = 0; o < layout.OutChannels; o++)
            {
                for (var i = 0; i < layout.InPerGroup; i++)
                {
                    var s = scale[layout.InputChannel(o, i)];
                    for (var k = 0; k < layout.Kernel; k++)
                    {
                        var at = layout.At(o, i, k);
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

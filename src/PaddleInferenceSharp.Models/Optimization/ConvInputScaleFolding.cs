using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Mul(x, per-channel constant) → Conv(s)</c> → the Convs' input-channel weights absorb the scale (exact with zero padding).</summary>
internal static class ConvInputScaleFolding
{
    public static int Run(OnnxGraphIndex index)
    {
        var graph = index.Graph;
        var folded = 0;
        foreach (var node in graph.Node.ToList())
        {
            var constSide = index.ConstantOperand(node, "Mul");
            if (constSide < 0 || !index.TryConvConsumers(node, out var convs))
            {
                continue;
            }

            var c = index.Floats[node.Input[constSide]];
            var updates = new List<(NodeProto Conv, FloatConstant W, FloatConstant? Bias, float[] NewW)>();
            foreach (var conv in convs)
            {
                index.TryConv(conv, out var w, out var bias);
                var group = Group(conv);
                var inPerGroup = (int)w.Dims[1];
                if (!TryChannelVector(c, inPerGroup * group, w.Dims.Length, out var scale))
                {
                    break;
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

            if (updates.Count != convs.Count)
            {
                continue;
            }

            foreach (var (conv, w, bias, newW) in updates)
            {
                index.SetConvWeights(conv, w.Dims, newW, bias?.Values);
            }

            index.Rewire(node.Output[0], node.Input[1 - constSide]);
            index.Remove(node);
            folded++;
        }

        return folded;
    }
}

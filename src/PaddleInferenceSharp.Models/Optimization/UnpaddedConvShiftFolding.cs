using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Add/Sub(x, per-channel constant) → Conv without padding</c> → the Conv's bias absorbs the shift.</summary>
internal static class UnpaddedConvShiftFolding
{
    public static int Run(OnnxGraphIndex index)
    {
        var graph = index.Graph;
        var folded = 0;
        foreach (var node in graph.Node.ToList())
        {
            var constSide = index.ConstantOperand(node, "Add", "Sub");
            if (constSide < 0 || !index.TryConvConsumers(node, out var convs) || convs.Any(c => !HasNoPadding(c)))
            {
                continue;
            }

            var c = index.Floats[node.Input[constSide]];
            var sign = IsOp(node, "Sub") ? -1f : 1f;
            var ok = true;
            var updates = new List<(NodeProto Conv, FloatConstant W, float[] Bias)>();
            foreach (var conv in convs)
            {
                index.TryConv(conv, out var w, out var bias);
                var group = Group(conv);
                var inPerGroup = (int)w.Dims[1];
                if (!TryChannelVector(c, inPerGroup * group, w.Dims.Length, out var shift))
                {
                    ok = false;
                    break;
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

            if (!ok)
            {
                continue;
            }

            foreach (var (conv, w, newB) in updates)
            {
                index.SetConvWeights(conv, w.Dims, w.Values, newB);
            }

            index.Rewire(node.Output[0], node.Input[1 - constSide]);
            index.Remove(node);
            folded++;
        }

        return folded;
    }
}

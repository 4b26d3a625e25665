using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Conv → Mul/Add/Sub(per-output-channel constant)</c> → one Conv with scaled weights and shifted bias.</summary>
internal sealed class ConvOutputAffineFolding : OnnxGraphPass
{
    protected override bool TryRewrite(OnnxGraphIndex index, NodeProto node)
    {
        if (index.IsRemoved(node) || node.Input.Count != 2 || node.Output.Count != 1 ||
            !(IsOp(node, "Mul") || IsOp(node, "Add") || IsOp(node, "Sub")))
        {
            return false;
        }

        for (var side = 0; side < 2; side++)
        {
            if (IsOp(node, "Sub") && side == 1)
            {
                break;
            }

            var convOut = node.Input[side];
            if (!index.TrySingleUseProducer(convOut, "Conv", out var conv) || index.IsRemoved(conv) || !index.TryConv(conv, out var w, out var bias) ||
                !index.Floats.TryGetValue(node.Input[1 - side], out var c) || !TryChannelVector(c, (int)w.Dims[0], w.Dims.Length, out var perChannel))
            {
                continue;
            }

            var outChannels = (int)w.Dims[0];
            var perOut = w.Values.Length / outChannels;
            float[] newW = w.Values;
            var newB = bias?.Values.ToArray() ?? new float[outChannels];
            if (IsOp(node, "Mul"))
            {
                newW = new float[w.Values.Length];
                for (var o = 0; o < outChannels; o++)
                {
                    for (var k = 0; k < perOut; k++)
                    {
                        newW[o * perOut + k] = w.Values[o * perOut + k] * perChannel[o];
                    }

                    newB[o] *= perChannel[o];
                }
            }
            else
            {
                var sign = IsOp(node, "Sub") ? -1f : 1f;
                for (var o = 0; o < outChannels; o++)
                {
                    newB[o] += sign * perChannel[o];
                }
            }

            index.SetConvWeights(conv, w.Dims, newW, bias is null && IsOp(node, "Mul") ? null : newB);
            conv.Output[0] = node.Output[0];
            index.Remove(node);
            return true;
        }

        return false;
    }
}

using static PaddleInferenceSharp.Models.ConvWeights;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// <c>Add(Mul(x, s), b) → padded Conv(s)</c> → <c>Mul(Add(x, b/s), s)</c>, so that the scale can then be folded
/// into the Conv weights (a shift cannot, because of the padding).
/// </summary>
internal static class ScaleBehindShiftMove
{
    public static int Run(OnnxGraphIndex index)
    {
        var graph = index.Graph;
        var moved = 0;
        foreach (var add in graph.Node.ToList())
        {
            var shiftSide = index.ConstantOperand(add, "Add");
            if (shiftSide < 0 || !index.TrySingleUseProducer(add.Input[1 - shiftSide], "Mul", out var mul) || !index.TryConvConsumers(add, out var convs))
            {
                continue;
            }

            var scaleSide = index.ConstantOperand(mul, "Mul");
            if (scaleSide < 0)
            {
                continue;
            }

            index.TryConv(convs[0], out var w, out _);
            var channels = (int)w.Dims[1] * Group(convs[0]);
            if (!TryChannelVector(index.Floats[mul.Input[scaleSide]], channels, w.Dims.Length, out var scale) ||
                !TryChannelVector(index.Floats[add.Input[shiftSide]], channels, w.Dims.Length, out var shift) ||
                scale.Any(s => s == 0 || !float.IsFinite(s)))
            {
                continue;
            }

            var divided = new float[channels];
            for (var i = 0; i < channels; i++)
            {
                divided[i] = (float)(shift[i] / (double)scale[i]);
                if (!float.IsFinite(divided[i]))
                {
                    divided = [];
                    break;
                }
            }

            if (divided.Length == 0)
            {
                continue;
            }

            var dims = ChannelDims(channels, w.Dims.Length);
            var shiftName = index.Fresh(add.Output[0] + "_shift");
            var scaleName = index.Fresh(add.Output[0] + "_scale");
            graph.Initializer.Add(index.FloatTensor(shiftName, dims, divided));
            graph.Initializer.Add(index.FloatTensor(scaleName, dims, scale));
            var shifted = index.Fresh(add.Output[0] + "_shifted");
            graph.Node[index.IndexOf(mul)] = Node("Add", [mul.Input[1 - scaleSide], shiftName], shifted, mul.Name);
            graph.Node[index.IndexOf(add)] = Node("Mul", [shifted, scaleName], add.Output[0], add.Name);
            moved++;
        }

        return moved;
    }
}

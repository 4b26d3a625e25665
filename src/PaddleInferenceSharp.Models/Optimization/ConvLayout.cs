using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// How a Conv's constant weights [out, in/groups, k...] are laid out: groups, input channels per group, output
/// channels (in all and per group) and kernel elements per filter.
/// </summary>
internal readonly record struct ConvLayout(int Groups, int InPerGroup, int OutChannels, int OutPerGroup, int Kernel)
{
    /// <summary>The layout of <paramref name="conv"/> with weights <paramref name="w"/> (as <see cref="ConvWeights.TryConv"/> accepted them).</summary>
    public static ConvLayout Of(NodeProto conv, FloatConstant w)
    {
        var groups = Group(conv);
        var inPerGroup = (int)w.Dims[1];
        var outChannels = (int)w.Dims[0];
        return new ConvLayout(groups, inPerGroup, outChannels, outChannels / groups, w.Values.Length / (outChannels * inPerGroup));
    }

    /// <summary>The channels of the Conv's input.</summary>
    public int InChannels => InPerGroup * Groups;

    /// <summary>The input channel that filter <paramref name="o"/> reads as its <paramref name="i"/>-th.</summary>
    public int InputChannel(int o, int i) => o / OutPerGroup * InPerGroup + i;

    /// <summary>Where weight (<paramref name="o"/>, <paramref name="i"/>, kernel element <paramref name="k"/>) sits.</summary>
    public int At(int o, int i, int k) => (o * InPerGroup + i) * Kernel + k;
}

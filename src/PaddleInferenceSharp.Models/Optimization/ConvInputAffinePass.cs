using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.ConvWeights;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// A pass that starts from <c>op(x, constant)</c> (one of the given ops: Mul, Add, Sub) whose output only Convs with
/// constant weights read as their data input: the place where a per-channel affine can go into, or ahead of, the Convs.
/// </summary>
internal abstract class ConvInputAffinePass(params string[] ops) : OnnxGraphPass
{
    protected sealed override bool TryRewrite(OnnxGraphIndex index, NodeProto node)
    {
        var constantSide = index.ConstantOperand(node, ops);
        return constantSide >= 0 && index.TryConvConsumers(node, out var convs) &&
            TryRewrite(index, new ConvInputAffine(node, constantSide, index.Floats[node.Input[constantSide]], convs));
    }

    /// <summary>Rewrites the matched affine and the Convs behind it, when the pass applies to them.</summary>
    /// <returns>Whether it rewrote anything.</returns>
    protected abstract bool TryRewrite(OnnxGraphIndex index, ConvInputAffine affine);

    /// <summary>Takes the affine node out of the graph: its consumers read <c>x</c> instead.</summary>
    /// <returns><see langword="true"/>, for the caller's return.</returns>
    protected static bool Bypass(OnnxGraphIndex index, ConvInputAffine affine)
    {
        index.Rewire(affine.Node.Output[0], affine.X);
        index.Remove(affine.Node);
        return true;
    }
}

/// <summary>A matched <c>op(x, constant)</c> in front of Convs.</summary>
/// <param name="Node">The Mul, Add or Sub node.</param>
/// <param name="ConstantSide">Which of its two inputs is the constant.</param>
/// <param name="Constant">That constant.</param>
/// <param name="Convs">Every consumer of the node's output.</param>
internal sealed record ConvInputAffine(NodeProto Node, int ConstantSide, FloatConstant Constant, List<NodeProto> Convs)
{
    /// <summary>The non-constant input.</summary>
    public string X => Node.Input[1 - ConstantSide];

    /// <summary>The first Conv's weights and the channels of its input (input channels per group × groups).</summary>
    public (FloatConstant Weights, int Channels) FirstConv(OnnxGraphIndex index)
    {
        index.TryConv(Convs[0], out var w, out _);
        return (w, (int)w.Dims[1] * Group(Convs[0]));
    }
}

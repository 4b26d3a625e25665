namespace PaddleInferenceSharp.Models;

/// <summary>What <see cref="OnnxGraphOptimizer.Optimize(ReadOnlySpan{byte}, string)"/> did.</summary>
/// <param name="OnnxModel">The rewritten, serialized ModelProto (the input bytes when nothing was rewritten).</param>
/// <param name="NodesBefore">Nodes of the main graph before, Constant nodes included.</param>
/// <param name="NodesAfter">Nodes after.</param>
/// <param name="HardSwishFused">Decomposed hard-swish chains (<c>x·clip(x+3, 0, 6)/6</c>) replaced by one activation.</param>
/// <param name="AffinesFolded">Per-channel Mul/Add/Sub nodes folded into the weights and bias of a neighbouring Conv, or dropped as no-ops.</param>
/// <param name="Elapsed">Wall time of parsing, rewriting and serializing.</param>
public sealed record OnnxGraphOptimization(byte[] OnnxModel, int NodesBefore, int NodesAfter, int HardSwishFused, int AffinesFolded, TimeSpan Elapsed)
{
    /// <summary>Whether anything was rewritten.</summary>
    public bool Changed => HardSwishFused + AffinesFolded > 0;
}

using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// One rewrite of <see cref="OnnxGraphOptimizer"/>. A run visits, in order, the nodes the graph held when it started
/// and rewrites wherever the pass's pattern matches at a node. Nodes a rewrite removes are only marked; the next
/// <see cref="OnnxGraphIndex.Rebuild"/> drops them.
/// </summary>
internal abstract class OnnxGraphPass
{
    /// <summary>Runs the pass once over the graph.</summary>
    /// <returns>How many places it rewrote.</returns>
    public int Run(OnnxGraphIndex index)
    {
        var rewritten = 0;
        foreach (var node in index.Graph.Node.ToList())
        {
            if (TryRewrite(index, node))
            {
                rewritten++;
            }
        }

        return rewritten;
    }

    /// <summary>Rewrites the graph around <paramref name="node"/> when the pattern matches there.</summary>
    /// <returns>Whether it rewrote anything.</returns>
    protected abstract bool TryRewrite(OnnxGraphIndex index, NodeProto node);
}

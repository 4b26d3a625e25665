namespace PaddleInferenceSharp.Models;

/// <summary>Drops the nodes and initializers whose outputs nothing reads any more (what the folding passes leave behind).</summary>
internal static class DeadNodeRemoval
{
    public static void Run(OnnxGraphIndex index)
    {
        index.Rebuild();
        var graph = index.Graph;
        var used = new HashSet<string>(index.Pinned, StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            used.Clear();
            used.UnionWith(index.Pinned);
            foreach (var node in graph.Node)
            {
                used.UnionWith(node.Input);
            }

            var kept = graph.Node.Where(n => n.Output.Any(used.Contains) || n.Output.Count == 0 || n.Domain.Length > 0 && n.Domain != "ai.onnx").ToList();
            if (kept.Count != graph.Node.Count)
            {
                graph.Node.Clear();
                graph.Node.AddRange(kept);
                changed = true;
            }
        }
        while (changed);

        var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var live = graph.Initializer.Where(t => used.Contains(t.Name) || inputs.Contains(t.Name)).ToList();
        if (live.Count != graph.Initializer.Count)
        {
            graph.Initializer.Clear();
            graph.Initializer.AddRange(live);
        }
    }
}

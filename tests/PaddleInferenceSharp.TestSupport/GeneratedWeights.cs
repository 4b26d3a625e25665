using System.Runtime.InteropServices;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>
/// Stand-in weights for the official program files that come without their <c>.pdiparams</c> (the topology-only
/// models of ../shared/models): every parameter gets deterministic random values of its declared shape.
/// </summary>
public static class GeneratedWeights
{
    /// <summary>Writes random weights for <paramref name="program"/> to <paramref name="path"/>; 1-D tensors (biases, batch-norm scales and variances) stay positive so normalisation stays finite.</summary>
    public static void Write(PaddleProgram program, string path, int seed = 7)
    {
        var random = new Random(seed);
        using var writer = new PdiparamsWriter(path);
        foreach (var p in program.Parameters)
        {
            var values = new float[p.ElementCount];
            var fanIn = p.Dims.Count > 1 ? p.Dims.Skip(1).Aggregate(1L, (a, d) => a * d) : 1;
            var scale = (float)(1.0 / Math.Sqrt(Math.Max(1, fanIn)));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = p.Dims.Count == 1 ? 0.5f + (float)random.NextDouble() : ((float)random.NextDouble() * 2 - 1) * scale;
            }

            writer.Write(p.DataType, p.Dims, MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    /// <summary>
    /// A model directory in a new temporary folder: the topology's <c>inference.json</c> and <c>inference.yml</c>
    /// beside generated weights. The caller deletes the folder.
    /// </summary>
    public static string ModelDirectory(string topologyDirectory)
    {
        var dir = TestPaths.NewTempDirectory("generated-weights");
        foreach (var file in new[] { "inference.json", "inference.yml" })
        {
            File.Copy(Path.Combine(topologyDirectory, file), Path.Combine(dir, file));
        }

        Write(PirProgramReader.Read(Path.Combine(dir, "inference.json")), Path.Combine(dir, "inference.pdiparams"));
        return dir;
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using static PaddleInferenceSharp.Models.OnnxGraphBuilder;

namespace PaddleInferenceSharp.Models;

/// <summary>Paddle's multi-layer (bi)directional <c>rnn</c> op in LSTM mode as a chain of ONNX LSTM nodes.</summary>
internal static class RecurrentLayers
{
    /// <summary>Paddle LSTM gate blocks are ordered i, f, c, o; ONNX wants i, o, f, c: ONNX block k takes Paddle block GateOrder[k].</summary>
    private static readonly int[] GateOrder = [0, 3, 1, 2];

    /// <summary>
    /// Lowers an <c>rnn</c> op: time-major input [T, N, C]; WeightList = per layer and direction (w_ih, w_hh), then
    /// the biases (b_ih, b_hh) in the same order; PreState = (h0, c0), each [layers*directions, N, H].
    /// </summary>
    public static void Lstm(OnnxGraphBuilder b, PaddleOp op, string input, IReadOnlyList<string> preState, IReadOnlyList<string> weights,
        string output, Func<string, Exception> fail)
    {
        if (op.GetString("mode") != "LSTM")
        {
            throw fail($"rnn mode '{op.GetString("mode")}'; only LSTM is supported");
        }

        var directions = op.GetBool("is_bidirec") ? 2 : 1;
        var layers = (int)op.GetLong("num_layers", 1);
        var hidden = op.GetLong("hidden_size");
        if (weights.Count != 4 * layers * directions || preState.Count != 2)
        {
            throw fail($"{weights.Count} weights and {preState.Count} states for {layers} layers x {directions} directions; expected {4 * layers * directions} and 2");
        }

        var x = input;
        for (var layer = 0; layer < layers; layer++)
        {
            var w = new List<float>();
            var r = new List<float>();
            var bias = new List<float>();
            long inputSize = 0;
            for (var d = 0; d < directions; d++)
            {
                var cell = layer * directions + d;
                var wih = Floats(b, weights[2 * cell], fail);
                var whh = Floats(b, weights[2 * cell + 1], fail);
                var bih = Floats(b, weights[2 * layers * directions + 2 * cell], fail);
                var bhh = Floats(b, weights[2 * layers * directions + 2 * cell + 1], fail);
                inputSize = wih.Length / (4 * hidden);
                w.AddRange(Reorder(wih, hidden));
                r.AddRange(Reorder(whh, hidden));
                bias.AddRange(Reorder(bih, hidden));
                bias.AddRange(Reorder(bhh, hidden));
            }

            var wName = Tensor(b, w.ToArray(), [directions, 4 * hidden, inputSize]);
            var rName = Tensor(b, r.ToArray(), [directions, 4 * hidden, hidden]);
            var bName = Tensor(b, bias.ToArray(), [directions, 8 * hidden]);
            var starts = b.Int64s([layer * directions]);
            var ends = b.Int64s([(layer + 1) * directions]);
            var axes = b.Int64s([0]);
            var h0 = b.Add("Slice", [preState[0], starts, ends, axes]);
            var c0 = b.Add("Slice", [preState[1], starts, ends, axes]);
            var y = b.Add("LSTM", [x, wName, rName, bName, "", h0, c0], null,
                Attr("hidden_size", hidden), Attr("direction", directions == 2 ? "bidirectional" : "forward"));
            // Y is [T, directions, N, H]; Paddle concatenates directions on the feature axis: [T, N, directions*H].
            var transposed = b.Add("Transpose", [y], null, Attr("perm", new long[] { 0, 2, 1, 3 }));
            x = b.Add("Reshape", [transposed, b.Int64s([0, 0, -1])], layer == layers - 1 ? output : null);
        }
    }

    private static float[] Floats(OnnxGraphBuilder b, string name, Func<string, Exception> fail)
    {
        if (!b.Parameters.TryGetValue(name, out var tensor) || tensor.DataType != 1)
        {
            throw fail($"LSTM weight '{name}' is not a float32 parameter");
        }

        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static IEnumerable<float> Reorder(float[] gates, long hidden)
    {
        var block = gates.Length / 4;
        foreach (var k in GateOrder)
        {
            for (var i = 0; i < block; i++)
            {
                yield return gates[k * block + i];
            }
        }
    }

    private static string Tensor(OnnxGraphBuilder b, float[] values, long[] dims)
    {
        var name = b.Fresh("lstm_weights");
        b.Initializer(name, 1, dims, ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));
        return name;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// The calibration statistics of int8 quantization: for every activation tensor measured, the smallest and largest
/// value seen over all calibration runs (ONNX Runtime's MinMax calibration, not averaged), and how many runs were seen.
/// </summary>
/// <remarks>Not thread-safe: one calibration run updates it at a time.</remarks>
public sealed class ActivationRanges
{
    private readonly Dictionary<string, (float Min, float Max)> _ranges = new(StringComparer.Ordinal);

    /// <summary>Calibration runs added with <see cref="Update"/> (or read back from JSON).</summary>
    public int Runs { get; private set; }

    /// <summary>The measured tensors.</summary>
    public IReadOnlyCollection<string> Names => _ranges.Keys;

    /// <summary>The range of <paramref name="name"/>, if measured.</summary>
    public bool TryGet(string name, out (float Min, float Max) range) => _ranges.TryGetValue(name, out range);

    /// <summary>Widens the range of <paramref name="name"/> by the values of one run (NaNs are ignored).</summary>
    public void Update(string name, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            // Comparisons with NaN are false: NaNs leave the range alone.
            min = v < min ? v : min;
            max = v > max ? v : max;
        }

        if (min > max)
        {
            return;
        }

        _ranges[name] = _ranges.TryGetValue(name, out var r) ? (Math.Min(r.Min, min), Math.Max(r.Max, max)) : (min, max);
    }

    /// <summary>Counts one calibration run (a model run over one input).</summary>
    public void CountRun() => Runs++;

    /// <summary>JSON: <c>{"runs": N, "ranges": {"tensor": [min, max], ...}}</c>, tensors in name order.</summary>
    public string ToJson()
    {
        var ranges = new JsonObject();
        foreach (var (name, (min, max)) in _ranges.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ranges[name] = new JsonArray(min, max);
        }

        return new JsonObject { ["runs"] = Runs, ["ranges"] = ranges }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not calibration statistics.</exception>
    public static ActivationRanges FromJson(string json)
    {
        var result = new ActivationRanges();
        try
        {
            var root = JsonNode.Parse(json)!.AsObject();
            result.Runs = root["runs"]!.GetValue<int>();
            foreach (var (name, value) in root["ranges"]!.AsObject())
            {
                var pair = value!.AsArray();
                result._ranges[name] = (pair[0]!.GetValue<float>(), pair[1]!.GetValue<float>());
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new FormatException("Not int8 calibration statistics ({\"runs\": N, \"ranges\": {name: [min, max]}}): " + e.Message, e);
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_ranges.Count} tensors over {Runs} runs");
}

using System.Text.Json;

namespace PaddleInferenceSharp.Cli;

/// <summary>Parses option values the way PaddleX's command line spells them (Python's <c>True</c>/<c>False</c>, dict literals).</summary>
internal static class PaddleXValues
{
    /// <summary>Parses <c>True</c>/<c>False</c> (any case, also 1/0, yes/no); null when the option was not given.</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static bool? ParseBool(string option, string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new ArgumentException($"'{text}' is not a boolean for {option}; use True or False."),
    };

    /// <summary>
    /// Parses a dict as PaddleX's command line takes it (<c>--hpi_config</c>): JSON, or a Python literal whose strings
    /// are quoted with <c>'</c> and whose constants are <c>True</c>, <c>False</c>, <c>None</c> (no quotes inside strings).
    /// </summary>
    /// <exception cref="ArgumentException">Not a dict.</exception>
    public static IReadOnlyDictionary<string, object?> ParseDict(string option, string text)
    {
        foreach (var candidate in new[] { text, PythonToJson(text) })
        {
            try
            {
                using var document = JsonDocument.Parse(candidate);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return (IReadOnlyDictionary<string, object?>)Convert(document.RootElement)!;
                }
            }
            catch (JsonException)
            {
            }
        }

        throw new ArgumentException($"{option} must be a dict such as {{'backend': 'onnxruntime'}}, not '{text}'.");
    }

    private static string PythonToJson(string text) =>
        text.Replace('\'', '"').Replace("True", "true", StringComparison.Ordinal).Replace("False", "false", StringComparison.Ordinal).Replace("None", "null", StringComparison.Ordinal);

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}

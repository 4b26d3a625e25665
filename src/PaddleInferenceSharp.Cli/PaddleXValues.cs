namespace PaddleInferenceSharp.Cli;

/// <summary>Parses option values the way PaddleX's command line spells them (Python's <c>True</c>/<c>False</c>).</summary>
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
}

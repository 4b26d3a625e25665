using System.CommandLine.Parsing;

namespace PaddleInferenceSharp.Cli;

/// <summary>Parses option values the way PaddleX's command line spells them (Python's <c>True</c>/<c>False</c>).</summary>
internal static class PaddleXValues
{
    /// <summary>Parses <c>True</c>/<c>False</c> (any case, also 1/0, yes/no); a bare flag means true.</summary>
    public static bool? ParseBool(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true;
        }

        var text = result.Tokens[0].Value;
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                return true;
            case "false" or "0" or "no":
                return false;
            default:
                result.AddError($"'{text}' is not a boolean for {result.Parent?.ToString() ?? "the option"}; use True or False.");
                return null;
        }
    }
}

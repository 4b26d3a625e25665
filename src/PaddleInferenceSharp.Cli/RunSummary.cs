using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PaddleInferenceSharp.Cli;

/// <summary>What a run did: inputs processed and failed, pages and text lines, elapsed time; printed at the end.</summary>
internal sealed class RunSummary
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(string Input, string Message)> _failed = [];

    public RunSummary(int inputs) => Inputs = inputs;

    /// <summary>Input files (images and documents) to process.</summary>
    public int Inputs { get; }

    /// <summary>Input files fully processed.</summary>
    public int Processed { get; private set; }

    /// <summary>Pages (images or PDF pages) recognised.</summary>
    public int Pages { get; private set; }

    /// <summary>Text lines recognised over all pages.</summary>
    public int Lines { get; private set; }

    /// <summary>Inputs that failed, with the reason.</summary>
    public IReadOnlyList<(string Input, string Message)> Failed => _failed;

    public void AddPage(int lines)
    {
        Pages++;
        Lines += lines;
    }

    public void InputDone() => Processed++;

    public void InputFailed(string input, string message) => _failed.Add((input, message));

    /// <summary>
    /// One line (<c>paddlex-sharp: 2 of 3 inputs processed (2 pages, 5 text lines) in 1.2 s; 1 failed</c>) followed by
    /// one line per failed input.
    /// </summary>
    public string Format()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"paddlex-sharp: {Processed} of {Inputs} inputs processed ({Pages} {Plural(Pages, "page")}, {Lines} text {Plural(Lines, "line")}) in {elapsed:F1} s");
        if (_failed.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {_failed.Count} failed:");
            foreach (var (input, message) in _failed)
            {
                // Decoder messages already name the file.
                text.Append('\n').Append("  ").Append(message.Contains(input, StringComparison.Ordinal) ? message : input + ": " + message);
            }
        }

        return text.ToString();
    }

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";
}

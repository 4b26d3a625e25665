using Spectre.Console;

namespace PaddleInferenceSharp.Cli;

/// <summary>Receives one step per finished input.</summary>
internal interface IProgressSink
{
    /// <summary>Marks one more input done; <paramref name="description"/> names the next one.</summary>
    void Advance(string description);

    /// <summary>Writes a line to stderr (above the bar while one is drawn).</summary>
    void WriteError(string line);
}

/// <summary>
/// A progress bar on stderr (Spectre.Console) for runs over many inputs. Shown only when stderr is a terminal and
/// stdout is not being printed to the same terminal (with <c>--quiet</c>, or stdout redirected), so that the bar
/// never interleaves with printed results; otherwise the run goes without one.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Whether a bar would be drawn for <paramref name="inputs"/> inputs.</summary>
    public static bool Enabled(int inputs, bool quiet, bool verbose) =>
        inputs > 1 && !verbose && !Console.IsErrorRedirected && (quiet || Console.IsOutputRedirected);

    /// <summary>Runs <paramref name="body"/>, drawing the bar when <paramref name="enabled"/>.</summary>
    public static int Run(bool enabled, int total, TextWriter stderr, Func<IProgressSink, int> body)
    {
        if (!enabled)
        {
            return body(new NoProgress(stderr));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => body(new BarProgress(console, context.AddTask("OCR", maxValue: total))));
    }

    private sealed class NoProgress(TextWriter stderr) : IProgressSink
    {
        public void Advance(string description)
        {
        }

        public void WriteError(string line) => stderr.WriteLine(line);
    }

    private sealed class BarProgress(IAnsiConsole console, ProgressTask task) : IProgressSink
    {
        public void Advance(string description)
        {
            task.Description = Markup.Escape(description);
            task.Increment(1);
        }

        public void WriteError(string line) => console.WriteLine(line);
    }
}

using System.Diagnostics;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>Runs the built paddlex-sharp as a separate process, as users and scripts do.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "paddlex-sharp.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("paddlex-sharp did not finish within 5 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments) => Run(null, arguments);

    /// <summary>The OCR pipeline on <paramref name="input"/> with detection and recognition only, on setup's PP-OCRv4 mobile models.</summary>
    public static string[] V4Pipeline(string input, params string[] more) =>
    [
        "--pipeline", "OCR", "--input", input,
        "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
        "--text_detection_model_dir", PaddleInferenceSharp.TestSupport.TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        "--text_recognition_model_dir", PaddleInferenceSharp.TestSupport.TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        .. more,
    ];
}

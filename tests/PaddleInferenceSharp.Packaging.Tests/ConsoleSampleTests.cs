using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>
/// A user's console app, restored from out/packages into an empty NuGet cache outside the repository: no .deps, no
/// environment variable, the models from the model package.
/// </summary>
[NonParallelizable]
public sealed class ConsoleSampleTests
{
    private static string Image => TestPaths.RequiredShared("eval", "dev", "syn_001.png");

    [Test]
    public void A_new_console_project_with_the_four_packages_prints_the_CLI_texts()
    {
        using var workspace = new SampleWorkspace("new-console");
        var app = Path.Combine(workspace.Root, "App");
        workspace.Dotnet(workspace.Root, "new", "console", "--name", "App", "--output", app, "--framework", "net10.0");
        foreach (var package in new[] { "PaddleInferenceSharp.Ocr", "PaddleInferenceSharp.OnnxRuntime", "PaddleInferenceSharp.runtime.linux-x64.onnxruntime", "PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile" })
        {
            workspace.Dotnet(app, "add", "package", package);
        }

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using PaddleInferenceSharp.Ocr;

            using var ocr = OcrPipeline.Create(new OcrPipelineOptions { UseDocOrientationClassify = false, UseDocUnwarping = false, UseTextlineOrientation = false });
            foreach (var text in ocr.Predict(args[0]).RecTexts)
                Console.WriteLine(text);
            """);
        var run = workspace.Dotnet(app, "run", "-c", "Release", "--", Image);

        var texts = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(texts, Is.EqualTo(SampleWorkspace.CliTexts(Image)), run.ToString());
        AssertMostlyRight(texts);
        Assert.That(Directory.Exists(Path.Combine(workspace.NuGetCache, "paddleinferencesharp.ocr")), Is.True, "restored into the workspace's own cache");
    }

    [Test]
    public void The_console_sample_prints_the_CLI_texts_with_their_scores()
    {
        using var workspace = new SampleWorkspace("console-sample");
        var sample = workspace.CopySample("ConsoleOcr");
        var run = workspace.Dotnet(sample, "run", "-c", "Release", "--", Image);

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t', 2)).ToArray();
        Assert.That(lines.Select(l => l[1]), Is.EqualTo(SampleWorkspace.CliTexts(Image)), run.ToString());
        Assert.That(lines.Select(l => double.Parse(l[0], System.Globalization.CultureInfo.InvariantCulture)), Is.All.InRange(0.5, 1.0));
        Assert.That(File.Exists(Path.Combine(sample, "bin", "Release", "net10.0", "paddleocr-models", "PP-OCRv4_mobile_rec", "inference.onnx")), Is.True);
        Assert.That(File.Exists(Path.Combine(sample, "bin", "Release", "net10.0", "runtimes", "linux-x64", "native", "libonnxruntime.so.1")), Is.True);
    }

    // Most labelled lines of the page are read exactly (the texts are real OCR, not an empty or canned answer).
    private static void AssertMostlyRight(string[] texts)
    {
        var truth = SampleWorkspace.GroundTruth(Image);
        var exact = truth.Count(t => texts.Contains(t));
        Assert.That(exact, Is.GreaterThanOrEqualTo(truth.Length / 2), $"{exact} of {truth.Length} labelled lines read exactly: {string.Join(" | ", texts)}");
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>
/// The runner with one pipeline per device (<c>--device gpu:0,1</c>): inputs spread over the pipelines give the
/// output one pipeline gives, in input order. Two CPU pipelines stand in for two devices (no accelerator here).
/// </summary>
[NonParallelizable]
public sealed class OcrRunnerDevicesTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("cli-runner-devices");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private static OcrPipelineOptions Options => new()
    {
        Engine = Engine.InferenceEngineKind.OnnxRuntime,
        UseDocOrientationClassify = false,
        UseDocUnwarping = false,
        UseTextlineOrientation = false,
        CpuThreads = 1,
        TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
    };

    [Test]
    public void Inputs_spread_over_two_pipelines_print_what_one_pipeline_prints_in_input_order()
    {
        var inputs = new List<string>();
        foreach (var (name, text) in new[] { ("a.png", "Alpha 101"), ("b.png", "Bravo 202"), ("c.png", "Charlie 303"), ("d.png", "Delta 404") })
        {
            var path = Path.Combine(_dir, name);
            ImageMagick.RenderText(path, [text]);
            inputs.Add(path);
        }

        var pdf = Path.Combine(_dir, "pages.pdf");
        new TestPdf().AddTextPage(400, 120, ["Echo page one"], fontSize: 20).AddTextPage(400, 120, ["Foxtrot page two"], fontSize: 20).Save(pdf);
        var broken = Path.Combine(_dir, "broken.png");
        File.WriteAllBytes(broken, File.ReadAllBytes(inputs[0])[..100]);
        inputs.Insert(1, pdf);
        inputs.Insert(3, broken);

        var (oneCode, oneOut, oneErr) = Run(1, inputs);
        var (twoCode, twoOut, twoErr) = Run(2, inputs);

        Assert.That(oneCode, Is.EqualTo(ExitCodes.InputError), oneErr);
        Assert.That(twoCode, Is.EqualTo(oneCode), twoErr);
        Assert.That(twoOut, Is.EqualTo(oneOut));
        // 4 images and 2 PDF pages, in input order; the truncated PNG is reported, not printed.
        var order = new[] { "Alpha", "page one", "Foxtrot", "Bravo", "Charlie", "Delta" }.Select(t => twoOut.IndexOf(t, StringComparison.Ordinal)).ToArray();
        Assert.That(order, Is.All.GreaterThanOrEqualTo(0), twoOut);
        Assert.That(order, Is.Ordered, twoOut);
        Assert.That(twoOut.Split("\"input_path\"").Length - 1, Is.EqualTo(6));
        Assert.That(twoErr, Does.Contain("broken.png").And.Contain(oneErr.Split('\n').Last(l => l.Length > 0)));
    }

    private static (int Code, string Stdout, string Stderr) Run(int pipelines, IReadOnlyList<string> inputs)
    {
        var created = Enumerable.Range(0, pipelines).Select(_ => OcrPipeline.Create(Options)).ToList();
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = new OcrRunner(created, new RunSettings(null, Quiet: false, Verbose: false, BatchSize: 1, FontPath: null), stdout, stderr, NullLogger.Instance)
                .Run(inputs, CancellationToken.None);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            created.ForEach(p => p.Dispose());
        }
    }
}

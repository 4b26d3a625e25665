using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>paddlex-sharp --pipeline with a PaddleX 3.0 beta pipeline file: it runs, with a warning naming the old schema.</summary>
public sealed class PipelineConfigCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("cli-config");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void PaddleX_3_0_beta_pipeline_file_runs_detection_and_recognition_on_a_dev_image()
    {
        var image = Path.Combine(TestPaths.RequiredShared("eval", "dev"), "syn_001.png");
        var output = Path.Combine(_dir, "out");
        var env = new Dictionary<string, string?> { ["PADDLEINFERENCESHARP_OFFLINE"] = "1" };

        var (code, _, stderr) = CliRunner.Run(env, "--pipeline", TestPaths.PipelineConfig("OCR-3.0-beta1.yaml"), "--input", image, "--save_path", output, "--quiet");

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Does.Contain("OCR-3.0-beta1.yaml").And.Contain("PaddleX 3.0 beta's schema"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "syn_001_res.json")));
        var settings = json.RootElement.GetProperty("model_settings");
        Assert.That(settings.GetProperty("use_doc_preprocessor").GetBoolean(), Is.False);
        Assert.That(settings.GetProperty("use_textline_orientation").GetBoolean(), Is.False);
        var texts = json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()!.Replace(" ", "", StringComparison.Ordinal)).ToArray();
        Assert.That(texts, Does.Contain("TravelItinerary").And.Contain("Date:17.03.2017"));
    }
}

using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>
/// paddlex-sharp --offline and PADDLEINFERENCESHARP_OFFLINE: text-line orientation on (PaddleX's default) with its
/// default model, PP-LCNet_x0_25_textline_ori, in no cache folder; detection and recognition from .deps/models.
/// </summary>
public sealed class OfflineModeTests
{
    private const string Model = "PP-LCNet_x0_25_textline_ori";

    private EmptyModelCaches _caches = null!;
    private string _image = null!;

    [SetUp]
    public void PointCachesAtEmptyFolders()
    {
        _caches = new EmptyModelCaches();
        _image = Path.Combine(_caches.Root, "offline.png");
        ImageMagick.RenderText(_image, ["Offline 2048"]);
    }

    [TearDown]
    public void DeleteCaches() => _caches.Dispose();

    private string[] Arguments(params string[] more) =>
    [
        "--pipeline", "OCR", "--input", _image, "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False",
        "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        .. more,
    ];

    private Dictionary<string, string?> Environment(string? offline) => new(_caches.Environment) { ["PADDLEINFERENCESHARP_OFFLINE"] = offline };

    private void AssertFailsNamingTheModelAndEveryFolder(int code, string stdout, string stderr, string why)
    {
        Assert.That(code, Is.EqualTo(4), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain($"error: Model '{Model}' is not installed and downloading is off ({why})"));
        Assert.That(_caches.FoldersFor(Model, AppContext.BaseDirectory), Is.All.Matches<string>(stderr.Contains), stderr);
        // Every model is found before any loads: the failure comes before detection and recognition load.
        Assert.That(stderr, Does.Not.Contain("Loading text_detection model"));
    }

    [Test]
    public void Offline_with_a_missing_model_exits_4_naming_it_and_every_folder_looked_in()
    {
        var (code, stdout, stderr) = CliRunner.Run(Environment(offline: null), Arguments("--offline", "--verbose"));
        AssertFailsNamingTheModelAndEveryFolder(code, stdout, stderr, "offline mode");
    }

    [TestCase("1")]
    [TestCase("true")]
    public void The_environment_variable_does_what_the_flag_does(string value)
    {
        var (code, stdout, stderr) = CliRunner.Run(Environment(value), Arguments("--verbose"));
        AssertFailsNamingTheModelAndEveryFolder(code, stdout, stderr, "offline mode: PADDLEINFERENCESHARP_OFFLINE is set");
    }

    [Test]
    public void Offline_with_every_model_installed_gives_the_results_of_an_online_run()
    {
        var environment = Environment(offline: null);
        environment["PADDLEX_MODEL_CACHE"] = TestPaths.Models;
        var online = Path.Combine(_caches.Root, "online");
        var offline = Path.Combine(_caches.Root, "offline");
        string[] byName = ["--textline_orientation_model_name", "ch_ppocr_mobile_v2.0_cls", "--quiet"];

        var (code, _, stderr) = CliRunner.Run(environment, Arguments([.. byName, "--save_path", online]));
        Assert.That(code, Is.Zero, stderr);
        (code, _, stderr) = CliRunner.Run(environment, Arguments([.. byName, "--save_path", offline, "--offline"]));
        Assert.That(code, Is.Zero, stderr);

        var json = File.ReadAllText(Path.Combine(offline, "offline_res.json"));
        Assert.That(json, Is.EqualTo(File.ReadAllText(Path.Combine(online, "offline_res.json"))));
        using var result = System.Text.Json.JsonDocument.Parse(json);
        Assert.That(result.RootElement.GetProperty("model_settings").GetProperty("use_textline_orientation").GetBoolean(), Is.True);
        Assert.That(result.RootElement.GetProperty("rec_texts")[0].GetString()!.Replace(" ", "", StringComparison.Ordinal), Is.EqualTo("Offline2048"));
    }

    [Test]
    public void Serve_offline_exits_4_naming_the_model_and_every_folder()
    {
        var (code, _, stderr) = CliRunner.Run(Environment(offline: null),
        [
            "serve", "--pipeline", "OCR", "--host", "127.0.0.1", "--port", "0", "--offline",
            "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False",
            "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        ]);
        Assert.That(code, Is.EqualTo(4), stderr);
        Assert.That(stderr, Does.Contain($"error: the OCR pipeline could not be loaded: Model '{Model}' is not installed and downloading is off (offline mode)"));
        Assert.That(_caches.FoldersFor(Model, AppContext.BaseDirectory), Is.All.Matches<string>(stderr.Contains), stderr);
    }
}

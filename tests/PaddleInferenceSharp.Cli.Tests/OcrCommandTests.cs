using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>paddlex-sharp --pipeline OCR end to end: files written, exit codes, error messages.</summary>
public sealed class OcrCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("cli");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private static string[] Base(string input, params string[] more) => CliRunner.V4Pipeline(input, more);

    [Test]
    public void A_directory_with_a_corrupt_file_writes_results_for_the_others_and_exits_3()
    {
        var input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        ImageMagick.RenderText(Path.Combine(input, "a.png"), ["Hello 123"]);
        ImageMagick.RenderText(Path.Combine(input, "b.png"), ["Second page"]);
        File.WriteAllBytes(Path.Combine(input, "c.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var output = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = CliRunner.Run(Base(input, "--save_path", output));

        Assert.That(code, Is.EqualTo(3), stderr);
        Assert.That(File.Exists(Path.Combine(output, "a_res.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "b_res.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "c_res.json")), Is.False);
        Assert.That(stderr, Does.Contain("c.png").And.Contain("2 of 3 inputs processed"));
        using var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "a_res.json")));
        Assert.That(a.RootElement.GetProperty("input_path").GetString(), Is.EqualTo(Path.Combine(input, "a.png")));
        Assert.That(a.RootElement.GetProperty("rec_texts")[0].GetString()!.Replace(" ", "", StringComparison.Ordinal), Is.EqualTo("Hello123"));
        // Each result is printed as PaddleX's print(format_json=True) does: {"res": {...}}.
        Assert.That(stdout, Does.StartWith("{\n    \"res\": {"));
    }

    [Test]
    public void Detection_parameters_reach_the_result()
    {
        var image = Path.Combine(_dir, "p.png");
        ImageMagick.RenderText(image, ["Parameters"]);
        var output = Path.Combine(_dir, "out");
        var (code, _, stderr) = CliRunner.Run(Base(image, "--save_path", output, "--quiet",
            "--text_det_limit_side_len", "736", "--text_det_limit_type", "min", "--text_det_thresh", "0.25",
            "--text_det_box_thresh", "0.5", "--text_det_unclip_ratio", "1.8", "--text_rec_score_thresh", "0.1"));
        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "p_res.json")));
        var p = json.RootElement.GetProperty("text_det_params");
        Assert.That(p.GetProperty("limit_side_len").GetInt32(), Is.EqualTo(736));
        Assert.That(p.GetProperty("limit_type").GetString(), Is.EqualTo("min"));
        Assert.That(p.GetProperty("thresh").GetDouble(), Is.EqualTo(0.25));
        Assert.That(p.GetProperty("box_thresh").GetDouble(), Is.EqualTo(0.5));
        Assert.That(p.GetProperty("unclip_ratio").GetDouble(), Is.EqualTo(1.8));
        Assert.That(json.RootElement.GetProperty("text_rec_score_thresh").GetDouble(), Is.EqualTo(0.1));
    }

    [Test]
    public void Usage_errors_exit_2()
    {
        var (code, _, stderr) = CliRunner.Run("--pipeline", "OCR");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--input"));

        var args = Base("x.png").ToList();
        args[args.IndexOf("--use_textline_orientation") + 1] = "maybe";
        (code, _, stderr) = CliRunner.Run([.. args]);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("'maybe' is not a boolean"));

        (code, _, stderr) = CliRunner.Run(Base("x.png", "--text_det_limit_type", "biggest"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("'biggest'"));
    }

    [Test]
    public void A_missing_input_exits_3()
    {
        var (code, _, stderr) = CliRunner.Run(Base(Path.Combine(_dir, "nothing-here.png")));
        Assert.That(code, Is.EqualTo(3));
        Assert.That(stderr, Does.Contain("nothing-here.png"));
    }

    [Test]
    public void A_missing_model_directory_exits_4_naming_it()
    {
        var image = Path.Combine(_dir, "m.png");
        ImageMagick.RenderText(image, ["x"]);
        var missing = Path.Combine(_dir, "no-model");
        var args = Base(image).ToList();
        args[args.IndexOf("--text_detection_model_dir") + 1] = missing;
        var (code, _, stderr) = CliRunner.Run([.. args]);
        Assert.That(code, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain(missing));
    }

    [Test]
    public void A_module_switched_on_without_a_model_is_an_error_not_a_silent_skip()
    {
        var image = Path.Combine(_dir, "s.png");
        ImageMagick.RenderText(image, ["x"]);
        var empty = Path.Combine(_dir, "empty-cache");
        Directory.CreateDirectory(empty);
        // Offline: the unknown name is not asked of PaddleX's server.
        var env = new Dictionary<string, string?> { ["PADDLEX_MODEL_CACHE"] = empty, ["HOME"] = empty, ["PADDLEINFERENCESHARP_OFFLINE"] = "1" };
        var args = Base(image).ToList();
        var i = args.IndexOf("--use_textline_orientation");
        args[i + 1] = "True";
        args.AddRange(["--textline_orientation_model_name", "PP-LCNet_x0_25_textline_ori_missing"]);
        var (code, _, stderr) = CliRunner.Run(env, [.. args]);
        Assert.That(code, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain("PP-LCNet_x0_25_textline_ori_missing").And.Contain(empty));
    }

    [Test]
    public void Without_ONNX_Runtime_the_error_lists_every_place_searched()
    {
        var image = Path.Combine(_dir, "o.png");
        ImageMagick.RenderText(image, ["x"]);
        var empty = Path.Combine(_dir, "no-deps");
        Directory.CreateDirectory(empty);
        var env = new Dictionary<string, string?>
        {
            ["PADDLEINFERENCESHARP_DEPS"] = empty,
            ["PADDLEINFERENCESHARP_ONNXRUNTIME_PATH"] = Path.Combine(empty, "libonnxruntime.so"),
        };
        var (code, _, stderr) = CliRunner.Run(env, Base(image));
        Assert.That(code, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain("Could not load the ONNX Runtime native library")
            .And.Contain("environment variable PADDLEINFERENCESHARP_ONNXRUNTIME_PATH")
            .And.Contain("app-local runtimes/linux-x64/native")
            .And.Contain("setup folder")
            .And.Contain("system search path")
            .And.Contain("scripts/setup.sh"));
    }

    [Test]
    public void Get_pipeline_config_writes_PaddleX_OCR_yaml_and_the_yaml_runs_the_pipeline()
    {
        var (code, stdout, stderr) = CliRunner.Run("--get_pipeline_config", "OCR", "--save_path", _dir);
        Assert.That(code, Is.Zero, stderr);
        var yaml = Path.Combine(_dir, "OCR.yaml");
        Assert.That(stdout, Does.Contain(yaml));
        Assert.That(File.ReadAllText(yaml), Does.Contain("SubPipelines:").And.Contain("TextRecognition:"));

        // Edit the config as a user would, then run with it: models and thresholds come from the file.
        var text = File.ReadAllText(yaml)
            .Replace("use_doc_preprocessor: True", "use_doc_preprocessor: False", StringComparison.Ordinal)
            .Replace("use_textline_orientation: True", "use_textline_orientation: False", StringComparison.Ordinal)
            .Replace("box_thresh: 0.6", "box_thresh: 0.55", StringComparison.Ordinal)
            .Replace("score_thresh: 0.0", "score_thresh: 0.2", StringComparison.Ordinal);
        File.WriteAllText(yaml, text);
        var image = Path.Combine(_dir, "y.png");
        ImageMagick.RenderText(image, ["From yaml"]);
        var output = Path.Combine(_dir, "out");
        (code, _, stderr) = CliRunner.Run("--pipeline", yaml, "--input", image, "--save_path", output, "--quiet");
        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "y_res.json")));
        Assert.That(json.RootElement.GetProperty("text_det_params").GetProperty("box_thresh").GetDouble(), Is.EqualTo(0.55));
        Assert.That(json.RootElement.GetProperty("text_rec_score_thresh").GetDouble(), Is.EqualTo(0.2));
        Assert.That(json.RootElement.GetProperty("model_settings").GetProperty("use_doc_preprocessor").GetBoolean(), Is.False);
    }

    [Test]
    public void A_broken_pipeline_config_is_a_usage_error_naming_the_file()
    {
        var yaml = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(yaml, "SubModules:\n  TextDetection:\n    thresh: high\n");
        var (code, _, stderr) = CliRunner.Run("--pipeline", yaml, "--input", yaml);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("bad.yaml").And.Contain("thresh"));
    }

    [Test]
    public void Lang_and_ocr_version_choose_the_models_by_name()
    {
        var image = Path.Combine(_dir, "l.png");
        ImageMagick.RenderText(image, ["x"]);
        var empty = Path.Combine(_dir, "cache");
        Directory.CreateDirectory(empty);
        var env = new Dictionary<string, string?> { ["PADDLEX_MODEL_CACHE"] = empty, ["PADDLEINFERENCESHARP_OFFLINE"] = "1" };
        var (code, _, stderr) = CliRunner.Run(env, "--pipeline", "OCR", "--input", image, "--lang", "fr",
            "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False");
        Assert.That(code, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain("PP-OCRv5_server_det"), "French uses the PP-OCRv5 server detector");

        (code, _, stderr) = CliRunner.Run(env, "--pipeline", "OCR", "--input", image, "--lang", "fr", "--ocr_version", "PP-OCRv4");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("No models are available"));
    }
}

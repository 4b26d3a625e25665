using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>--engine paddle|auto without a Paddle Inference library; with a real one (PADDLE_INFERENCE_ROOT) the OCR pipeline runs on it.</summary>
public sealed class EngineSelectionTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("cli-engine");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    /// <summary>An environment where no Paddle library can be found.</summary>
    private static Dictionary<string, string?> WithoutPaddle => new() { ["PADDLE_INFERENCE_ROOT"] = null, ["LD_LIBRARY_PATH"] = null };

    private string Image()
    {
        var image = Path.Combine(_dir, "page.png");
        ImageMagick.RenderText(image, ["Engine 42"]);
        return image;
    }

    private static string[] Ocr(string input, string det, string rec, string engine, params string[] more) =>
    [
        "--pipeline", "OCR", "--input", input, "--engine", engine,
        "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
        "--text_detection_model_dir", det, "--text_recognition_model_dir", rec,
        .. more,
    ];

    [Test]
    public void Engine_paddle_without_a_library_fails_with_one_error_naming_each_place_and_the_package()
    {
        var (code, stdout, stderr) = CliRunner.Run(WithoutPaddle, Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "paddle"));

        Assert.That(code, Is.EqualTo(4), stdout + stderr);
        Assert.That(stderr.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.StartWith("error: Could not load the Paddle Inference C library"));
        Assert.Multiple(() =>
        {
            Assert.That(stderr, Does.Contain("environment variable PADDLE_INFERENCE_ROOT: not set"));
            Assert.That(stderr, Does.Contain("app-local runtimes/linux-x64/native:").And.Contain("runtimes/linux-x64/native/libpaddle_inference_c.so: file not found"));
            Assert.That(stderr, Does.Contain("application directory:"));
            Assert.That(stderr, Does.Contain("system search path: libpaddle_inference_c.so"));
            Assert.That(stderr, Does.Contain("PaddleInferenceSharp.runtime.linux-x64.mkl"));
        });
    }

    [Test]
    public void Engine_auto_without_a_paddle_library_falls_back_to_onnx_runtime_and_logs_why()
    {
        var output = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = CliRunner.Run(WithoutPaddle,
            Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "auto", "--save_path", output));

        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stdout + stderr, Does.Contain("--engine auto: Paddle Inference is not available, falling back to ONNX Runtime").And.Contain("PADDLE_INFERENCE_ROOT"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "page_res.json")));
        Assert.That(json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()), Has.Some.Contains("42"));
    }

    [Test]
    public void Engine_paddle_finds_the_library_through_PADDLE_INFERENCE_ROOT_and_drives_it_from_the_pipeline()
    {
        // The ABI test double in a package layout: the pipeline loads, configures and runs it, and reports the
        // double's fake output (y = 2x + 1, the input's shape) as a detection model error. That proves the chain
        // environment variable -> library -> PaddleConfig -> PaddlePredictor.Run -> output, without real Paddle.
        var abiDouble = Path.Combine(TestPaths.RepositoryRoot, "build", "native", "native", "abi-test", "libpaddle_inference_c_abi_test.so");
        if (!File.Exists(abiDouble))
        {
            Assert.Ignore($"{abiDouble} is not built (scripts/setup.sh builds it).");
        }

        var root = Path.Combine(_dir, "paddle_inference_c");
        Directory.CreateDirectory(Path.Combine(root, "paddle", "lib"));
        File.Copy(abiDouble, Path.Combine(root, "paddle", "lib", "libpaddle_inference_c.so"));
        var det = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");
        var env = new Dictionary<string, string?> { ["PADDLE_INFERENCE_ROOT"] = root };

        var (code, stdout, stderr) = CliRunner.Run(env, Ocr(Image(), det, rec, "paddle"));

        Assert.That(code, Is.EqualTo(4), stdout + stderr);
        Assert.That(stderr, Does.Contain("PP-OCRv4_mobile_det/inference.pdmodel").And.Contain("returned shape [1,3,"));
    }

    [Test]
    public void Engine_paddle_with_a_real_library_runs_the_shared_paddle_models()
    {
        var root = Environment.GetEnvironmentVariable("PADDLE_INFERENCE_ROOT");
        if (string.IsNullOrEmpty(root))
        {
            Assert.Ignore("PADDLE_INFERENCE_ROOT is not set: no real Paddle Inference C library to run (conformance test).");
        }

        var det = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");
        var output = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = CliRunner.Run(Ocr(Image(), det, rec, "paddle", "--save_path", output));
        Assert.That(code, Is.Zero, stdout + stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "page_res.json")));
        Assert.That(json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()), Has.Some.Contains("42"));
    }
}

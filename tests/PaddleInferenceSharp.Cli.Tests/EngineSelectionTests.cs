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
        var root = AbiDoubleRoot();
        var det = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");
        var env = new Dictionary<string, string?> { ["PADDLE_INFERENCE_ROOT"] = root };

        var (code, stdout, stderr) = CliRunner.Run(env, Ocr(Image(), det, rec, "paddle"));

        Assert.That(code, Is.EqualTo(4), stdout + stderr);
        Assert.That(stderr, Does.Contain("PP-OCRv4_mobile_det/inference.pdmodel").And.Contain("returned shape [1,3,"));
    }

    // The ABI test double laid out as an unpacked paddle_inference_c (PADDLE_INFERENCE_ROOT).
    private string AbiDoubleRoot()
    {
        var abiDouble = Path.Combine(TestPaths.RepositoryRoot, "build", "native", "native", "abi-test", "libpaddle_inference_c_abi_test.so");
        if (!File.Exists(abiDouble))
        {
            TestPaths.MissingPrerequisite($"{abiDouble} is not built (scripts/setup.sh builds it).");
        }

        var root = Path.Combine(_dir, "paddle_inference_c");
        Directory.CreateDirectory(Path.Combine(root, "paddle", "lib"));
        File.Copy(abiDouble, Path.Combine(root, "paddle", "lib", "libpaddle_inference_c.so"), overwrite: true);
        return root;
    }

    [Test]
    public void Enable_mkldnn_False_and_cpu_threads_reach_the_paddle_config_as_the_double_reads_them_back()
    {
        var env = new Dictionary<string, string?> { ["PADDLE_INFERENCE_ROOT"] = AbiDoubleRoot() };
        var det = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");

        var (_, offOut, off) = CliRunner.Run(env, Ocr(Image(), det, rec, "paddle", "--enable_mkldnn", "False", "--cpu_threads", "3", "--verbose"));
        var (_, onOut, on) = CliRunner.Run(env, Ocr(Image(), det, rec, "paddle", "--verbose"));

        // The double's fake model fails detection afterwards; the settings are logged when the predictor is created.
        Assert.That(off, Does.Contain("text_detection: ").And.Contain("on paddle (device=cpu, cpu_threads=3, enable_mkldnn=false, precision=fp32"), offOut + off);
        Assert.That(on, Does.Contain("text_detection: ").And.Contain($"on paddle (device=cpu, cpu_threads={Math.Min(8, Environment.ProcessorCount)}, enable_mkldnn=true"), onOut + on);
    }

    [Test]
    public void Cpu_threads_1_and_2_give_the_same_texts_and_report_their_thread_counts()
    {
        var det = TestPaths.RequiredModel("PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredModel("PP-OCRv4_mobile_rec");
        var image = Image();
        var texts = new List<string?[]>();
        foreach (var threads in new[] { "1", "2" })
        {
            var output = Path.Combine(_dir, "out" + threads);
            var (code, stdout, stderr) = CliRunner.Run(Ocr(image, det, rec, "onnxruntime", "--cpu_threads", threads, "--save_path", output, "--verbose"));
            Assert.That(code, Is.Zero, stdout + stderr);
            Assert.That(stderr, Does.Contain($"text_detection: ").And.Contain($"on onnxruntime (device=cpu, cpu_threads={threads},"));
            Assert.That(stderr, Does.Contain($"text_recognition: ").And.Contain($"on onnxruntime (device=cpu, cpu_threads="));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "page_res.json")));
            texts.Add(json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()).ToArray());
        }

        Assert.That(texts[0], Is.EqualTo(texts[1]).And.Some.Contains("42"));
    }

    [Test]
    public void Device_gpu_without_a_gpu_library_fails_naming_the_engine_and_library_that_would_serve_it()
    {
        var (code, stdout, stderr) = CliRunner.Run(WithoutPaddle,
            Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "default", "--device", "gpu:0"));

        Assert.That(code, Is.EqualTo(4), stdout + stderr);
        Assert.That(stderr, Does.StartWith("error: Could not load the Paddle Inference C library with GPU (CUDA) support (libpaddle_inference_c) that device 'gpu:0' needs"));
        Assert.That(stderr, Does.Contain("environment variable PADDLE_INFERENCE_ROOT: not set").And.Contain("The ONNX Runtime engine runs on the CPU only."));

        var (ortCode, _, ortError) = CliRunner.Run(WithoutPaddle,
            Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "onnxruntime", "--device", "gpu:0"));
        Assert.That(ortCode, Is.Not.Zero);
        Assert.That(ortError, Does.Contain("device 'gpu:0': the ONNX Runtime engine").And.Contain("Paddle Inference engine").And.Contain("libpaddle_inference_c"));
    }

    [Test]
    public void Several_devices_load_one_pipeline_per_device_on_the_paddle_engine()
    {
        // PaddleX's gpu:1,2: the ABI double (in a package layout) takes each predictor's GPU number and reports it back
        // through PD_ConfigGpuDeviceId; its fake model then fails detection, after the pipelines have loaded.
        var env = new Dictionary<string, string?> { ["PADDLE_INFERENCE_ROOT"] = AbiDoubleRoot() };
        var det = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var rec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");
        var (code, stdout, stderr) = CliRunner.Run(env, Ocr(Image(), det, rec, "default", "--device", "gpu:1,2", "--verbose"));

        Assert.That(code, Is.EqualTo(4), stdout + stderr);
        foreach (var device in new[] { "gpu:1", "gpu:2" })
        {
            Assert.That(stderr, Does.Contain("text_detection: ").And.Contain($"on paddle (device={device},"), stderr);
            Assert.That(stderr, Does.Contain("text_recognition: ").And.Contain($"on paddle (device={device},"), stderr);
        }

        Assert.That(stderr, Does.Contain("device gpu:1,gpu:2"));

        // Without a Paddle library the list fails as one GPU does, naming the library; a bad list names itself.
        var (noPaddle, _, noPaddleError) = CliRunner.Run(WithoutPaddle, Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "default", "--device", "gpu:0,1"));
        Assert.That(noPaddle, Is.EqualTo(4), noPaddleError);
        Assert.That(noPaddleError, Does.StartWith("error: Could not load the Paddle Inference C library with GPU (CUDA) support (libpaddle_inference_c) that device 'gpu:0' needs"));
        var (bad, _, badError) = CliRunner.Run(WithoutPaddle, Ocr(Image(), TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "default", "--device", "gpu:0,xpu:1"));
        Assert.That(bad, Is.EqualTo(2));
        Assert.That(badError, Does.Contain("--device: Device list 'gpu:0,xpu:1' mixes kinds (gpu, xpu)"));
    }

    [Test]
    public void Use_hpip_logs_the_engine_chosen_for_each_module_and_why()
    {
        var image = Image();

        // ONNX models and no Paddle library: ONNX Runtime for every module, saying why.
        var output = Path.Combine(_dir, "hpip");
        var (code, stdout, stderr) = CliRunner.Run(WithoutPaddle,
            Ocr(image, TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "default", "--use_hpip", "--verbose", "--save_path", output));
        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stderr, Does.Contain("use_hpip: text_detection runs on onnxruntime (Paddle Inference is not available (Could not load the Paddle Inference C library"));
        Assert.That(stderr, Does.Contain("use_hpip: text_recognition runs on onnxruntime (Paddle Inference is not available"));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "page_res.json"))))
        {
            Assert.That(json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()), Has.Some.Contains("42"));
        }

        // hpi_config names the backend and a backend_config key that maps.
        (code, stdout, stderr) = CliRunner.Run(WithoutPaddle,
            Ocr(image, TestPaths.RequiredModel("PP-OCRv4_mobile_det"), TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "default", "--use_hpip",
                "--hpi_config", "{'backend': 'onnxruntime', 'backend_config': {'cpu_num_threads': 1, 'enable_openvino': True}}", "--verbose"));
        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stderr, Does.Contain("use_hpip: text_detection runs on onnxruntime (hpi_config backend 'onnxruntime')"));
        Assert.That(stderr, Does.Contain("text_detection: ").And.Contain("on onnxruntime (device=cpu, cpu_threads=1,"));
        Assert.That(stderr, Does.Contain("hpi_config backend_config key 'enable_openvino' does not apply"));

        // A Paddle library and Paddle programs: Paddle Inference with oneDNN.
        var env = new Dictionary<string, string?> { ["PADDLE_INFERENCE_ROOT"] = AbiDoubleRoot() };
        (_, stdout, stderr) = CliRunner.Run(env, Ocr(image, TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det"), TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec"), "default", "--use_hpip", "--verbose"));
        Assert.That(stderr, Does.Contain("use_hpip: text_detection runs on paddle (Paddle Inference is installed and the model is a Paddle program)"), stdout + stderr);
        Assert.That(stderr, Does.Contain("text_detection: ").And.Contain("on paddle (device=cpu, cpu_threads=").And.Contain("enable_mkldnn=true"));
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

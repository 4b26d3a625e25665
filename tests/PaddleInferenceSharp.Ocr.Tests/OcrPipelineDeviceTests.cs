using System.Collections.Concurrent;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>PaddleX's per-call <c>device</c> (<see cref="OcrPredictOptions.Device"/>) on the PP-OCRv4 ONNX models.</summary>
[NonParallelizable]
public sealed class OcrPipelineDeviceTests
{
    private static readonly string[] Lines = ["Invoice 2024-0117", "Total amount 42.50 EUR"];
    private string _dir = null!;
    private string _image = null!;

    [OneTimeSetUp]
    public void RenderPage()
    {
        _dir = TestPaths.NewTempDirectory("ocr-device");
        _image = Path.Combine(_dir, "page.png");
        ImageMagick.RenderText(_image, Lines);
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_dir, true);

    [Test]
    public void A_call_on_another_device_loads_the_models_there_once_and_later_calls_keep_the_pipelines_device()
    {
        // A real ONNX Runtime engine that records the device each predictor is asked for and runs it on the CPU (this
        // machine has no accelerator): the pipeline's own modules on cpu, the call's on gpu:1, loaded once.
        using var engine = new DeviceRecordingEngine(new OnnxRuntimeEngine());
        using var pipeline = OcrPipeline.Create(V4Pipelines.Options, engine: engine);
        var onCpu = pipeline.Predict(_image);
        // det + rec (recognition may hold a predictor per parallel run).
        var loaded = engine.Devices.Length;
        Assert.That(engine.Devices, Has.Length.GreaterThanOrEqualTo(2).And.All.EqualTo("cpu"));

        var onGpu = pipeline.Predict(_image, new OcrPredictOptions { Device = InferenceDevice.Gpu(1) });
        var again = pipeline.Predict(_image, new OcrPredictOptions { Device = InferenceDevice.Gpu(1), TextDetThresh = 0.3 });
        var back = pipeline.Predict(_image);

        // On gpu:1: det + one rec predictor (an accelerator runs recognition one batch at a time), loaded by the first
        // call that asked and reused by the second.
        Assert.That(engine.Devices.Take(loaded), Is.All.EqualTo("cpu"));
        Assert.That(engine.Devices.Skip(loaded), Is.EqualTo(new[] { "gpu:1", "gpu:1" }));
        Assert.That(V4Pipelines.NoSpaces(onGpu.RecTexts), Is.EqualTo(V4Pipelines.NoSpaces(Lines)));
        Assert.That(onGpu.RecTexts, Is.EqualTo(onCpu.RecTexts));
        Assert.That(again.RecTexts, Is.EqualTo(onCpu.RecTexts));
        Assert.That(back.RecTexts, Is.EqualTo(onCpu.RecTexts));
        Assert.That(pipeline.Options.Device, Is.EqualTo(InferenceDevice.Cpu));
    }

    [Test]
    public void The_pipelines_own_device_given_per_call_loads_nothing_new()
    {
        using var engine = new DeviceRecordingEngine(new OnnxRuntimeEngine());
        using var pipeline = OcrPipeline.Create(V4Pipelines.Options, engine: engine);
        var loaded = engine.Devices;
        var result = pipeline.Predict(_image, new OcrPredictOptions { Device = InferenceDevice.Cpu });
        Assert.That(engine.Devices, Is.EqualTo(loaded).And.All.EqualTo("cpu"));
        Assert.That(V4Pipelines.NoSpaces(result.RecTexts), Is.EqualTo(V4Pipelines.NoSpaces(Lines)));
    }

    [Test]
    public void A_device_no_installed_engine_serves_fails_the_call_naming_it_and_the_pipeline_goes_on()
    {
        // The pipeline's own ONNX Runtime engine runs on the CPU; gpu:0 needs Paddle Inference, which this test
        // project does not reference.
        using var pipeline = OcrPipeline.Create(V4Pipelines.Options);
        var ex = Assert.Throws<InferenceEngineNotInstalledException>(() => pipeline.Predict(_image, new OcrPredictOptions { Device = InferenceDevice.Gpu(0) }));
        Assert.That(ex!.Message, Does.Contain("Device 'gpu:0'").And.Contain("Paddle Inference"));

        var result = pipeline.Predict(_image);
        Assert.That(V4Pipelines.NoSpaces(result.RecTexts), Is.EqualTo(V4Pipelines.NoSpaces(Lines)));
    }

    private sealed class DeviceRecordingEngine(IInferenceEngine inner) : IInferenceEngine
    {
        private readonly ConcurrentQueue<string> _devices = new();

        public string[] Devices => _devices.ToArray();

        public string Name => inner.Name;

        public string RuntimeDescription => inner.RuntimeDescription;

        public bool CanLoad(ModelSource model) => inner.CanLoad(model);

        public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
        {
            _devices.Enqueue(options.Device);
            return inner.CreatePredictor(model, options with { Device = "cpu" });
        }

        public void Dispose() => inner.Dispose();
    }
}

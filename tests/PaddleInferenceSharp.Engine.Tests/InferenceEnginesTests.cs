using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Engine.Tests;

/// <summary>Engine discovery and the typed engine and device options. This test project references no engine package.</summary>
public sealed class InferenceEnginesTests
{
    [TestCase("onnxruntime", InferenceEngineKind.OnnxRuntime)]
    [TestCase("Paddle", InferenceEngineKind.Paddle)]
    [TestCase("auto", InferenceEngineKind.Auto)]
    [TestCase("default", InferenceEngineKind.Default)]
    public void Engine_names_parse_as_the_CLI_spells_them(string name, InferenceEngineKind kind)
    {
        Assert.That(InferenceEngines.Parse(name), Is.EqualTo(kind));
        Assert.That(InferenceEngines.NameOf(kind), Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void An_unknown_engine_name_lists_the_known_ones() =>
        Assert.That(() => InferenceEngines.Parse("tensorflow"), Throws.ArgumentException.With.Message.Contains("tensorflow").And.Message.Contains("onnxruntime, paddle, auto"));

    [Test]
    public void Without_an_engine_package_creating_one_names_the_packages_to_add_and_a_registered_provider_serves()
    {
        Assert.That(InferenceEngines.Available, Is.Empty);
        Assert.That(() => InferenceEngines.Create(InferenceEngineKind.Default),
            Throws.TypeOf<InferenceEngineNotInstalledException>().With.Message.Contains("PaddleInferenceSharp.OnnxRuntime").And.Message.Contains("PaddleInferenceSharp.runtime.linux-x64.onnxruntime"));
        Assert.That(() => InferenceEngines.Create(InferenceEngineKind.Paddle),
            Throws.TypeOf<InferenceEngineNotInstalledException>().With.Property(nameof(InferenceEngineNotInstalledException.Kind)).EqualTo(InferenceEngineKind.Paddle));

        // Registration is process-wide, so it is checked here, after the assertions that need no engine.
        var provider = new FakeProvider();
        InferenceEngines.Register(provider);
        using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime, new InferenceEngineOptions { OptimizeOnnxGraphs = false });
        Assert.That(engine.Name, Is.EqualTo("fake"));
        Assert.That(provider.Options!.OptimizeOnnxGraphs, Is.False);
        Assert.That(InferenceEngines.Available, Does.Contain(InferenceEngineKind.OnnxRuntime));

        // A GPU is served by Paddle Inference only: the default engine does not fall back to the CPU-only one.
        foreach (var kind in new[] { InferenceEngineKind.Default, InferenceEngineKind.Auto })
        {
            Assert.That(() => InferenceEngines.Create(kind, new InferenceEngineOptions { Device = InferenceDevice.Gpu(0) }),
                Throws.TypeOf<InferenceEngineNotInstalledException>().With.Message.StartsWith("Device 'gpu:0' is served by the Paddle Inference engine only")
                    .And.Message.Contains("PaddleInferenceSharp.Paddle").And.Property(nameof(InferenceEngineNotInstalledException.Kind)).EqualTo(InferenceEngineKind.Paddle));
        }
    }

    [Test]
    public void Cpu_threads_default_to_PaddleX_8_capped_at_the_processors_and_refuse_negatives()
    {
        Assert.That(new PredictorOptions().EffectiveCpuThreads, Is.EqualTo(Math.Min(8, Environment.ProcessorCount)));
        Assert.That(new PredictorOptions { CpuThreads = 3 }.EffectiveCpuThreads, Is.EqualTo(3));
        Assert.That(() => new PredictorOptions { CpuThreads = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("cpu_threads"));
        Assert.That(() => new PredictorOptions { MkldnnCacheCapacity = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("mkldnn_cache_capacity"));
    }

    [TestCase("fp32", InferencePrecision.Fp32)]
    [TestCase("FP16", InferencePrecision.Fp16)]
    [TestCase("int8", InferencePrecision.Int8)]
    public void Precisions_parse_as_PaddleX_spells_them(string text, InferencePrecision precision)
    {
        Assert.That(InferencePrecisions.Parse(text), Is.EqualTo(precision));
        Assert.That(InferencePrecisions.Format(precision), Is.EqualTo(text.ToLowerInvariant()));
        Assert.That(() => InferencePrecisions.Parse("int4"), Throws.ArgumentException.With.Message.Contains("'int4'"));
    }

    [TestCase("cpu", "cpu", 0, "cpu")]
    [TestCase("GPU", "gpu", 0, "gpu:0")]
    [TestCase("gpu:2", "gpu", 2, "gpu:2")]
    [TestCase(" npu:1 ", "npu", 1, "npu:1")]
    [TestCase("mlu:0", "mlu", 0, "mlu:0")]
    public void Devices_parse_in_PaddleX_notation(string text, string kind, int id, string written)
    {
        var device = InferenceDevice.Parse(text);
        Assert.That((device.Kind, device.Id, device.ToString()), Is.EqualTo((kind, id, written)));
    }

    [TestCase("gpu:x")]
    [TestCase("gpu:-1")]
    [TestCase("cpu:1")]
    [TestCase("g pu")]
    [TestCase("")]
    public void Malformed_devices_are_refused(string text) => Assert.That(() => InferenceDevice.Parse(text), Throws.ArgumentException);

    [TestCase("gpu:1,2", "gpu:1|gpu:2")]
    [TestCase("gpu:0, 1 ,3", "gpu:0|gpu:1|gpu:3")]
    [TestCase("gpu:1,gpu:0", "gpu:1|gpu:0")]
    [TestCase("npu:0,1", "npu:0|npu:1")]
    [TestCase("gpu:2", "gpu:2")]
    [TestCase("cpu", "cpu")]
    public void Device_lists_parse_in_PaddleX_notation(string text, string devices) =>
        Assert.That(string.Join("|", InferenceDevice.ParseList(text)), Is.EqualTo(devices));

    [TestCase("gpu:1,1", "names gpu:1 twice")]
    [TestCase("gpu:0,xpu:1", "mixes kinds (gpu, xpu)")]
    [TestCase("cpu,gpu:0", "the CPU is one device")]
    [TestCase("gpu:0,", "empty entry")]
    [TestCase("gpu:0,1x", "Device 'gpu:1x' has an invalid index")]
    public void Malformed_device_lists_are_refused_naming_the_problem(string text, string message) =>
        Assert.That(() => InferenceDevice.ParseList(text), Throws.ArgumentException.With.Message.Contains(message));

    [Test]
    public void One_device_is_asked_for_where_several_are_given_and_the_message_says_where_several_go() =>
        Assert.That(() => InferenceDevice.Parse("gpu:1,2"), Throws.ArgumentException.With.Message.Contains("'gpu:1,2' names several devices").And.Message.Contains("OcrServiceOptions.Devices"));

    private sealed class FakeProvider : IInferenceEngineProvider
    {
        public InferenceEngineOptions? Options { get; private set; }

        public InferenceEngineKind Kind => InferenceEngineKind.OnnxRuntime;

        public IInferenceEngine Create(InferenceEngineOptions options)
        {
            Options = options;
            return new FakeEngine();
        }
    }

    private sealed class FakeEngine : IInferenceEngine
    {
        public string Name => "fake";

        public string RuntimeDescription => "fake engine";

        public bool CanLoad(ModelSource model) => false;

        public IPredictor CreatePredictor(ModelSource model, PredictorOptions options) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}

using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>Predictor and tensor marshalling against the test double's fake model (y = 2x + 1, count = numel(x)).</summary>
[NonParallelizable]
public sealed class PaddlePredictorTests
{
    private FakeModel _model = null!;

    [SetUp]
    public void CreateModel() => _model = new FakeModel();

    [TearDown]
    public void DeleteModel() => _model.Dispose();

    [Test]
    public void Inputs_and_outputs_are_read_from_IOInfos()
    {
        using var predictor = _model.CreatePredictor();
        Assert.Multiple(() =>
        {
            Assert.That(predictor.InputNames, Is.EqualTo(new[] { "x" }));
            Assert.That(predictor.OutputNames, Is.EqualTo(new[] { "y", "count" }));
            Assert.That((predictor.InputCount, predictor.OutputCount), Is.EqualTo((1, 2)));
            Assert.That(predictor.Inputs.Single().ToString(), Is.EqualTo("x: Float32[-1,3,-1,-1]"));
            Assert.That(predictor.Outputs.Select(o => o.ToString()), Is.EqualTo(new[] { "y: Float32[-1,3,-1,-1]", "count: Int64[1]" }));
        });
    }

    [Test]
    public void Run_returns_the_outputs_in_order_with_their_shapes_and_values()
    {
        using var predictor = _model.CreatePredictor();
        var data = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => i * 0.5f).ToArray();
        using var x = Tensor.Wrap(data, [2, 3, 2, 2]);
        var outputs = predictor.Run([new NamedTensor("x", x)]);
        try
        {
            Assert.That(outputs[0].Shape.ToArray(), Is.EqualTo(new long[] { 2, 3, 2, 2 }));
            Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(data.Select(v => 2 * v + 1).ToArray()));
            Assert.That(outputs[1].ElementType, Is.EqualTo(TensorElementType.Int64));
            Assert.That(outputs[1].AsSpan<long>().ToArray(), Is.EqualTo(new long[] { 24 }));
        }
        finally
        {
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
    }

    [TestCase(typeof(int))]
    [TestCase(typeof(long))]
    [TestCase(typeof(byte))]
    [TestCase(typeof(sbyte))]
    [TestCase(typeof(float))]
    public void Typed_copies_round_trip(Type type)
    {
        using var predictor = _model.CreatePredictor();
        using var tensor = predictor.GetInputTensor("x");
        tensor.Reshape([2, 3]);
        if (type == typeof(int)) { RoundTrip(tensor, new[] { int.MinValue, -1, 0, 1, 2, int.MaxValue }, PaddleDataType.Int32); }
        else if (type == typeof(long)) { RoundTrip(tensor, new[] { long.MinValue, -1, 0, 1, 2, long.MaxValue }, PaddleDataType.Int64); }
        else if (type == typeof(byte)) { RoundTrip(tensor, new byte[] { 0, 1, 127, 128, 254, 255 }, PaddleDataType.UInt8); }
        else if (type == typeof(sbyte)) { RoundTrip(tensor, new sbyte[] { -128, -1, 0, 1, 2, 127 }, PaddleDataType.Int8); }
        else { RoundTrip(tensor, new[] { float.MinValue, -1.5f, 0f, float.Epsilon, 3.25f, float.MaxValue }, PaddleDataType.Float32); }
    }

    private static void RoundTrip<T>(PaddleTensor tensor, T[] values, PaddleDataType expected) where T : unmanaged
    {
        tensor.CopyFromCpu<T>(values);
        var back = new T[values.Length];
        tensor.CopyToCpu<T>(back);
        Assert.That(back, Is.EqualTo(values));
        Assert.That(tensor.DataType, Is.EqualTo(expected));
        Assert.That(tensor.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(tensor.NativeName, Is.EqualTo("x"));
    }

    [Test]
    public void Lod_round_trips()
    {
        using var predictor = _model.CreatePredictor();
        using var tensor = predictor.GetInputTensor("x");
        Assert.That(tensor.Lod, Is.Empty);
        ulong[][] lod = [[0, 2, 5], [0, 1, 3, 4, 7, 9]];
        tensor.SetLod(lod);
        Assert.That(tensor.Lod, Is.EqualTo(lod));
    }

    [Test]
    public void Wrong_lengths_types_and_names_are_refused_before_reaching_the_library()
    {
        using var predictor = _model.CreatePredictor();
        using var tensor = predictor.GetInputTensor("x");
        tensor.Reshape([2, 3]);
        var handles = AbiTestDouble.CallCount("PD_PredictorGetInputHandle");
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => tensor.CopyFromCpu<float>(new float[5]));
            tensor.CopyFromCpu<float>(new float[6]);
            Assert.Throws<ArgumentException>(() => tensor.CopyToCpu(new int[6]), "wrong element type");
            Assert.Throws<ArgumentException>(() => tensor.CopyToCpu(new float[7]), "wrong length");
            Assert.Throws<ArgumentException>(() => tensor.Reshape([2, -1]));
            Assert.Throws<ArgumentException>(() => predictor.GetInputTensor("nope"));
            Assert.Throws<ArgumentException>(() => predictor.GetOutputTensor("x"));
            Assert.Throws<NotSupportedException>(() => tensor.CopyFromCpu<double>(new double[6]));
            using var wrongType = Tensor.Wrap(new long[6], [1, 3, 1, 2]);
            Assert.Throws<ArgumentException>(() => predictor.Run([new NamedTensor("x", wrongType)]));
            using var wrongRank = Tensor.Wrap(new float[6], [6]);
            Assert.Throws<ArgumentException>(() => predictor.Run([new NamedTensor("x", wrongRank)]));
            Assert.Throws<ArgumentException>(() => predictor.Run([]));
        });
        Assert.That(AbiTestDouble.CallCount("PD_PredictorGetInputHandle"), Is.EqualTo(handles), "no handle was requested for the refused calls");
    }

    [Test]
    public void Cancellation_is_checked_before_the_run()
    {
        using var predictor = _model.CreatePredictor();
        using var x = Tensor.Wrap(new float[6], [1, 3, 1, 2]);
        var runs = AbiTestDouble.CallCount("PD_PredictorRun");
        Assert.Throws<OperationCanceledException>(() => predictor.Run([new NamedTensor("x", x)], new CancellationToken(true)));
        Assert.That(AbiTestDouble.CallCount("PD_PredictorRun"), Is.EqualTo(runs));
    }

    [Test]
    public void Engine_runs_a_paddle_model_directory_on_the_cpu_with_onednn_and_threads()
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        var source = ModelSource.FromDirectory(_model.Directory);
        Assert.That(engine.CanLoad(source), Is.True);
        var configs = AbiTestDouble.CallCount("PD_ConfigEnableMKLDNN");
        using var predictor = engine.CreatePredictor(source, new PredictorOptions { CpuThreads = 3 });
        Assert.That(AbiTestDouble.CallCount("PD_ConfigEnableMKLDNN"), Is.EqualTo(configs + 1));
        Assert.That(predictor.Outputs, Has.Count.EqualTo(2));
        Assert.That(engine.RuntimeDescription, Does.StartWith("Paddle Inference 3.0.0"));
    }

    [TestCase(null, 1, "true")]
    [TestCase(true, 1, "true")]
    [TestCase(false, 0, "false")]
    public void Enable_mkldnn_and_cpu_threads_reach_the_paddle_config_and_are_read_back(bool? enableMkldnn, int enableCalls, string reported)
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        var source = ModelSource.FromDirectory(_model.Directory);
        var before = AbiTestDouble.CallCount("PD_ConfigEnableMKLDNN");
        var cacheBefore = AbiTestDouble.CallCount("PD_ConfigSetMkldnnCacheCapacity");
        using var predictor = engine.CreatePredictor(source, new PredictorOptions { CpuThreads = 5, EnableMkldnn = enableMkldnn, MkldnnCacheCapacity = 7 });
        Assert.Multiple(() =>
        {
            Assert.That(AbiTestDouble.CallCount("PD_ConfigEnableMKLDNN") - before, Is.EqualTo(enableCalls));
            Assert.That(AbiTestDouble.CallCount("PD_ConfigSetMkldnnCacheCapacity") - cacheBefore, Is.EqualTo(enableCalls));
            Assert.That(predictor.Settings["enable_mkldnn"], Is.EqualTo(reported));
            Assert.That(predictor.Settings["cpu_threads"], Is.EqualTo("5"));
            Assert.That(predictor.Settings["engine"], Is.EqualTo("paddle"));
            Assert.That(predictor.Clone().Settings, Is.EqualTo(predictor.Settings));
        });
    }

    [Test]
    public void Cpu_threads_0_is_PaddleX_default_capped_at_the_processors()
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        using var predictor = engine.CreatePredictor(ModelSource.FromDirectory(_model.Directory), PredictorOptions.Default);
        Assert.That(predictor.Settings["cpu_threads"], Is.EqualTo(Math.Min(8, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void TensorRT_and_fp16_on_the_cpu_are_refused_naming_the_setting()
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        var source = ModelSource.FromDirectory(_model.Directory);
        Assert.That(() => engine.CreatePredictor(source, new PredictorOptions { UseTensorRt = true }),
            Throws.InstanceOf<InferenceEngineException>().With.Message.Contains("use_tensorrt").And.Message.Contains("'cpu'"));
        Assert.That(() => engine.CreatePredictor(source, new PredictorOptions { Precision = InferencePrecision.Fp16 }),
            Throws.InstanceOf<InferenceEngineException>().With.Message.Contains("precision fp16"));
    }

    [Test]
    public void Int8_is_refused_pointing_at_the_onnx_runtime_calibration()
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options);
        Assert.That(() => engine.CreatePredictor(ModelSource.FromDirectory(_model.Directory), new PredictorOptions { Precision = InferencePrecision.Int8 }),
            Throws.InstanceOf<InferenceEngineException>().With.Message.StartsWith("precision int8").And.Message.Contains("paddlex-sharp calibrate"));
    }

    [Test]
    public void TensorRT_on_a_gpu_enables_the_engine_with_the_precision_and_the_OSS_plugins_when_asked()
    {
        using var engine = new PaddleEngine(AbiTestDouble.Options with { UseTensorRtOss = true });
        var trt = AbiTestDouble.CallCount("PD_ConfigEnableTensorRtEngine");
        var oss = AbiTestDouble.CallCount("PD_ConfigEnableTensorRtOSS");
        var gpu = AbiTestDouble.CallCount("PD_ConfigEnableUseGpu");
        using var predictor = engine.CreatePredictor(ModelSource.FromDirectory(_model.Directory),
            new PredictorOptions { Device = "gpu:1", UseTensorRt = true, Precision = InferencePrecision.Fp16 });
        Assert.Multiple(() =>
        {
            Assert.That(AbiTestDouble.CallCount("PD_ConfigEnableUseGpu") - gpu, Is.EqualTo(1));
            Assert.That(AbiTestDouble.CallCount("PD_ConfigEnableTensorRtEngine") - trt, Is.EqualTo(1));
            Assert.That(AbiTestDouble.CallCount("PD_ConfigEnableTensorRtOSS") - oss, Is.EqualTo(1));
            Assert.That(predictor.Settings["device"], Is.EqualTo("gpu:1"));
            Assert.That(predictor.Settings["precision"], Is.EqualTo("fp16"));
            Assert.That(predictor.Settings["use_tensorrt"], Is.EqualTo("true"));
        });
    }

    [TestCase("cpu", "cpu", 0)]
    [TestCase("gpu:1", "gpu", 1)]
    [TestCase("GPU", "gpu", 0)]
    [TestCase("xpu:0", "xpu", 0)]
    [TestCase("npu:3", "npu", 3)]
    [TestCase("dcu:2", "gpu", 2)]
    public void Devices_parse_as_PaddleX_writes_them(string text, string kind, int id)
    {
        Assert.That(PaddleDevice.Parse(text), Is.EqualTo(new PaddleDevice(kind, id)));
    }

    [TestCase("tpu:0")]
    [TestCase("gpu:x")]
    [TestCase("gpu:-1")]
    public void Unknown_devices_are_refused(string text) => Assert.Throws<ArgumentException>(() => PaddleDevice.Parse(text));

    [Test]
    public void Devices_map_onto_the_config()
    {
        var options = new PaddleInferenceOptions { GpuMemoryPoolMb = 321 };
        using (var config = new PaddleConfig(AbiTestDouble.Library))
        {
            PaddleDevice.Parse("gpu:2").Apply(config, options);
            Assert.That((config.UseGpu, config.GpuDeviceId, config.GpuMemoryPoolMb), Is.EqualTo((true, 2, 321)));
        }

        using (var config = new PaddleConfig(AbiTestDouble.Library))
        {
            PaddleDevice.Parse("npu:1").Apply(config, options);
            Assert.That((config.UseCustomDevice, config.CustomDeviceType, config.CustomDeviceId), Is.EqualTo((true, "npu", 1)));
        }

        using (var config = new PaddleConfig(AbiTestDouble.Library))
        {
            PaddleDevice.Parse("xpu:0").Apply(config, options);
            Assert.That(config.UseXpu, Is.True);
            Assert.Throws<PaddleFeatureNotSupportedException>(() => PaddleDevice.Parse("xpu:1").Apply(config, options));
        }
    }
}

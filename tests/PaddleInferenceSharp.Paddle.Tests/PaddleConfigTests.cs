using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>Settings reach the library with the values given (read back through its getters and summary).</summary>
[NonParallelizable]
public sealed class PaddleConfigTests
{
    private static Dictionary<string, string> SummaryOf(PaddleConfig config) =>
        config.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);

    [Test]
    public void Utf8_paths_round_trip_through_the_borrowed_getters()
    {
        using var model = new FakeModel();
        var dir = Path.Combine(model.Directory, "модель ü 模型");
        Directory.CreateDirectory(dir);
        using var config = new PaddleConfig(AbiTestDouble.Library);
        config.SetModelDirectory(dir);
        Assert.That(config.ModelDirectory, Is.EqualTo(dir));
        Assert.That(config.ProgramFile, Is.Empty);
    }

    [Test]
    public void FromModelDirectory_sets_the_combined_program_and_parameters()
    {
        using var model = new FakeModel();
        using var config = PaddleConfig.FromModelDirectory(model.Directory, AbiTestDouble.Options);
        Assert.That((config.ProgramFile, config.ParamsFile), Is.EqualTo((model.Program, model.Params)));
    }

    [Test]
    public void Missing_model_files_are_refused_before_reaching_the_library()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        var calls = AbiTestDouble.CallCount("PD_ConfigSetModel");
        var ex = Assert.Throws<ModelLoadException>(() => config.SetModel("/nonexistent/inference.pdmodel", "/nonexistent/inference.pdiparams"));
        Assert.That(ex!.ModelPath, Is.EqualTo("/nonexistent/inference.pdmodel"));
        Assert.That(AbiTestDouble.CallCount("PD_ConfigSetModel"), Is.EqualTo(calls));
    }

    [Test]
    public void Model_buffers_are_passed_with_their_sizes()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        config.SetModelBuffer("program-bytes-0123456789"u8, new byte[1000]);
        var summary = SummaryOf(config);
        Assert.Multiple(() =>
        {
            Assert.That(config.IsModelFromMemory, Is.True);
            Assert.That(summary["prog_buffer_size"], Is.EqualTo("24"));
            Assert.That(summary["params_buffer_size"], Is.EqualTo("1000"));
            Assert.That(summary["prog_buffer_head"], Is.EqualTo("program-bytes-01"));
        });
    }

    [Test]
    public void Cpu_gpu_and_tensorrt_settings_reach_the_library()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        config.CpuMathThreads = 6;
        config.EnableOneDnn(cacheCapacity: 7);
        config.SetOneDnnOperators(["conv2d", "depthwise_conv2d", "pool2d"]);
        config.EnableGpu(deviceId: 3, memoryPoolMb: 5000, PaddlePrecision.Half);
        config.EnableTensorRt(workspaceBytes: 3L << 30, maxBatchSize: 4, minSubgraphSize: 9, PaddlePrecision.Int8, useStatic: true, useCalibMode: true);
        config.SetTensorRtDynamicShapes(new Dictionary<string, (int[], int[], int[])>
        {
            ["x"] = ([1, 3, 32, 32], [8, 3, 1280, 1280], [1, 3, 640, 640]),
            ["im_shape"] = ([1, 2], [8, 2], [1, 2]),
        }, disablePluginFp16: true);
        config.DisableTensorRtOperators(["softmax", "layer_norm"]);
        var s = SummaryOf(config);
        Assert.Multiple(() =>
        {
            Assert.That(config.CpuMathThreads, Is.EqualTo(6));
            Assert.That(s["mkldnn_cache_capacity"], Is.EqualTo("7"));
            Assert.That(s["mkldnn_ops"], Is.EqualTo("conv2d,depthwise_conv2d,pool2d"));
            Assert.That((config.UseGpu, config.GpuDeviceId, config.GpuMemoryPoolMb), Is.EqualTo((true, 3, 5000)));
            Assert.That(s["gpu_precision"], Is.EqualTo("2"));
            Assert.That(s["trt_workspace"], Is.EqualTo((3L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That((s["trt_max_batch"], s["trt_min_subgraph"], s["trt_precision"], s["trt_use_static"], s["trt_use_calib"]), Is.EqualTo(("4", "9", "1", "1", "1")));
            Assert.That(s["trt_dynamic_shape"], Is.EqualTo("x:[1,3,32,32]/[8,3,1280,1280]/[1,3,640,640];im_shape:[1,2]/[8,2]/[1,2] fp16_plugin_disabled=1"));
            Assert.That(s["trt_disabled_ops"], Is.EqualTo("softmax,layer_norm"));
        });
    }

    [Test]
    public void Xpu_and_custom_device_settings_reach_the_library_and_malloced_strings_are_freed_by_us()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        config.EnableXpu(l3WorkspaceSize: 1024, l3Locked: true, convAutotune: false, convAutotuneFile: "tune.txt", transformerEncoderPrecision: "int31", transformerEncoderAdaptiveSeqlen: true, enableMultiStream: true);
        config.EnableCustomDevice("npu", 5, PaddlePrecision.Half);
        config.CollectShapeRangeInfo("/tmp/shape ranges ü.pbtxt");
        var s = SummaryOf(config);
        Assert.Multiple(() =>
        {
            Assert.That((s["xpu_l3_size"], s["xpu_l3_locked"], s["xpu_autotune"], s["xpu_autotune_file"], s["xpu_precision"], s["xpu_adaptive_seqlen"], s["xpu_multi_stream"]),
                Is.EqualTo(("1024", "1", "0", "tune.txt", "int31", "1", "1")));
            Assert.That((config.UseCustomDevice, config.CustomDeviceType, config.CustomDeviceId), Is.EqualTo((true, "npu", 5)));
            Assert.That(s["custom_device_precision"], Is.EqualTo("2"));
            Assert.That(config.ShapeRangeInfoPath, Is.EqualTo("/tmp/shape ranges ü.pbtxt"));
        });
    }

    [Test]
    public void Passes_can_be_deleted_inserted_and_appended()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        var initial = config.AllPasses;
        config.DeletePass(initial[1]);
        config.InsertPass(1, "inserted_pass");
        config.AppendPass("appended_pass");
        Assert.That(config.AllPasses, Is.EqualTo(new[] { initial[0], "inserted_pass", initial[2], "appended_pass" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => config.InsertPass(99, "x"));
    }

    [Test]
    public void Flags_switch_on_and_off()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        config.IrOptim = false;
        config.MemoryOptim = true;
        config.UseOnnxRuntime = true;
        config.DisableGlogInfo();
        Assert.Multiple(() =>
        {
            Assert.That(config.IrOptim, Is.False);
            Assert.That(config.MemoryOptim, Is.True);
            Assert.That(config.UseOnnxRuntime, Is.True);
            Assert.That(config.GlogInfoDisabled, Is.True);
        });
        config.IrOptim = true;
        config.UseOnnxRuntime = false;
        Assert.That((config.IrOptim, config.UseOnnxRuntime), Is.EqualTo((true, false)));
    }

    [Test]
    public void Invalid_arguments_are_refused_on_the_managed_side()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => config.CpuMathThreads = 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => config.EnableGpu(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => config.EnableGpu(0, 100, (PaddlePrecision)7));
            Assert.Throws<ArgumentException>(() => config.SetTensorRtDynamicShapes(new Dictionary<string, (int[], int[], int[])> { ["x"] = ([1, 3], [1], [1, 3]) }));
            Assert.Throws<ArgumentException>(() => config.AppendPass("bad\0pass"));
        });
    }

    [Test]
    public void A_config_creates_one_predictor_only()
    {
        using var model = new FakeModel();
        using var config = PaddleConfig.FromModelFiles(model.Program, model.Params, AbiTestDouble.Options);
        using var predictor = PaddlePredictor.Create(config);
        Assert.That(config.IsUsed, Is.True);
        Assert.That(config.IsValid, Is.False, "Paddle marks a used config invalid");
        Assert.Throws<InvalidOperationException>(() => PaddlePredictor.Create(config));
        Assert.Throws<InvalidOperationException>(() => config.CpuMathThreads = 2);
    }

    [Test]
    public void A_config_without_a_model_cannot_create_a_predictor()
    {
        using var config = new PaddleConfig(AbiTestDouble.Library);
        Assert.Throws<InvalidOperationException>(() => PaddlePredictor.Create(config));
    }

    [Test]
    public void Dispose_is_idempotent_and_use_after_dispose_throws()
    {
        var config = new PaddleConfig(AbiTestDouble.Library);
        config.Dispose();
        config.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = config.IrOptim);
    }
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.OnnxRuntime.Tests;

public sealed class OnnxRuntimeEngineTests
{
    private static OnnxRuntimeEngine Engine => new();

    [Test]
    public void Loads_the_library_installed_by_setup_and_reports_its_version()
    {
        var engine = Engine;
        Assert.That(engine.Version, Is.EqualTo("1.30.0"));
        Assert.That(engine.RuntimeDescription, Does.Contain("libonnxruntime"));
    }

    [Test]
    public void Loading_the_library_fixes_glibcs_mmap_threshold()
    {
        _ = Engine;
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("mallopt is glibc's; this is not Linux.");
        }

        // Debian's glibc: mallopt(M_MMAP_THRESHOLD, 1 MiB) succeeds; 0 means "leave it".
        Assert.That(OrtRuntime.Get(new OnnxRuntimeOptions()).MallocMmapThreshold, Is.EqualTo(1 << 20));
        Assert.That(GlibcMalloc.TrySetMmapThreshold(0), Is.False);
        Assert.That(GlibcMalloc.TrySetMmapThreshold(1 << 20), Is.True);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Cpu_threads_are_applied_and_reported(int threads)
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls")), new PredictorOptions { CpuThreads = threads });
        Assert.That(predictor.Settings["cpu_threads"], Is.EqualTo(threads.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That((predictor.Settings["engine"], predictor.Settings["device"], predictor.Settings["enable_mkldnn"], predictor.Settings["precision"]), Is.EqualTo(("onnxruntime", "cpu", "false", "fp32")));
        Assert.That(predictor.Clone().Settings, Is.EqualTo(predictor.Settings));
    }

    [Test]
    public void Settings_it_cannot_apply_are_refused_naming_the_setting_and_what_serves_it()
    {
        var model = ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"));
        Assert.Multiple(() =>
        {
            Assert.That(() => Engine.CreatePredictor(model, new PredictorOptions { Device = "gpu:0" }),
                Throws.InstanceOf<InferenceEngineException>().With.Message.Contains("device 'gpu:0'").And.Message.Contains("CPU only")
                    .And.Message.Contains("Paddle Inference engine").And.Message.Contains("libpaddle_inference_c"));
            Assert.That(() => Engine.CreatePredictor(model, new PredictorOptions { UseTensorRt = true }),
                Throws.InstanceOf<InferenceEngineException>().With.Message.StartsWith("use_tensorrt: the ONNX Runtime engine"));
            Assert.That(() => Engine.CreatePredictor(model, new PredictorOptions { Precision = InferencePrecision.Fp16 }),
                Throws.InstanceOf<InferenceEngineException>().With.Message.StartsWith("precision fp16: the ONNX Runtime engine"));
        });
    }

    [Test]
    public void Enable_mkldnn_true_is_warned_about_once_per_engine_and_false_not_at_all()
    {
        var logger = new ListLogger();
        var engine = new OnnxRuntimeEngine(logger: logger);
        var model = ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"));
        using (engine.CreatePredictor(model, new PredictorOptions { EnableMkldnn = false }))
        {
            Assert.That(logger.At(Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty);
        }

        for (var i = 0; i < 3; i++)
        {
            using var predictor = engine.CreatePredictor(model, new PredictorOptions { EnableMkldnn = true });
            Assert.That(predictor.Settings["enable_mkldnn"], Is.EqualTo("false"));
        }

        Assert.That(logger.At(Microsoft.Extensions.Logging.LogLevel.Warning), Has.Count.EqualTo(1).And.Some.StartsWith("enable_mkldnn: ONNX Runtime"));
    }

    [TestCase(null, true, 1)]
    [TestCase(0, true, 0)]
    [TestCase(16, false, 16)]
    [TestCase(null, false, 0)]
    public void Arena_shrinkage_follows_the_predictor_option_then_the_engine_option(int? every, bool engineDefault, int expected)
    {
        var engine = new OnnxRuntimeEngine(new OnnxRuntimeOptions { ShrinkArenaAfterRun = engineDefault });
        using var predictor = (OrtPredictor)engine.CreatePredictor(
            ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls")), PredictorOptions.Default with { ReleaseMemoryEveryRuns = every });
        Assert.That(predictor.ShrinkArenaEveryRuns, Is.EqualTo(expected));
        // The run option is accepted whenever it is given.
        using var input = Tensor.Rent<float>([1, 3, 48, 192]);
        for (var run = 0; run < 17; run++)
        {
            foreach (var output in predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)]))
            {
                output.Dispose();
            }
        }

        Assert.That(() => PredictorOptions.Default with { ReleaseMemoryEveryRuns = -1 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Runs_over_the_element_threshold_shrink_the_arena_and_smaller_ones_keep_it()
    {
        var engine = new OnnxRuntimeEngine();
        using var predictor = (OrtPredictor)engine.CreatePredictor(
            ModelSource.FromDirectory(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls")),
            PredictorOptions.Default with { ReleaseMemoryEveryRuns = 0, ReleaseMemoryAboveInputElements = 3 * 48 * 192 });
        Assert.That(predictor.ShrinkArenaEveryRuns, Is.Zero);
        Assert.That(predictor.ShrinkArenaAboveInputElements, Is.EqualTo(3 * 48 * 192));
        foreach (var batch in new[] { 1, 4, 1 })
        {
            using var input = Tensor.Rent<float>([batch, 3, 48, 192]);
            var outputs = predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)]);
            Assert.That(outputs[0].Shape[0], Is.EqualTo(batch));
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }

        Assert.That(() => PredictorOptions.Default with { ReleaseMemoryAboveInputElements = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Detection_model_declares_its_dynamic_input_and_output()
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        Assert.That(predictor.Inputs, Has.Count.EqualTo(1));
        Assert.That(predictor.Inputs[0].ElementType, Is.EqualTo(TensorElementType.Float32));
        Assert.That(predictor.Inputs[0].Shape, Has.Count.EqualTo(4));
        Assert.That(predictor.Inputs[0].Shape[1], Is.EqualTo(3));
        Assert.That(predictor.Outputs, Has.Count.EqualTo(1));
    }

    [Test]
    public void Detection_model_maps_a_blank_page_to_a_near_zero_probability_map_of_the_input_size()
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        using var input = Tensor.Rent<float>([1, 3, 64, 96]);
        // A white page after PaddleX's normalisation: (1 - mean) / std per channel.
        var span = input.AsSpan<float>();
        float[] white = [(1 - 0.485f) / 0.229f, (1 - 0.456f) / 0.224f, (1 - 0.406f) / 0.225f];
        for (var c = 0; c < 3; c++)
        {
            span.Slice(c * 64 * 96, 64 * 96).Fill(white[c]);
        }

        var outputs = predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)]);
        try
        {
            Assert.That(outputs, Has.Length.EqualTo(1));
            Assert.That(outputs[0].Shape.ToArray(), Is.EqualTo(new long[] { 1, 1, 64, 96 }));
            var map = outputs[0].AsSpan<float>();
            var max = 0f;
            foreach (var p in map)
            {
                max = Math.Max(max, p);
            }

            Assert.That(max, Is.LessThan(0.3f), "a blank page has no text pixels");
        }
        finally
        {
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
    }

    [Test]
    public void Unknown_input_name_is_rejected_with_the_model_inputs_listed()
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        using var input = Tensor.Rent<float>([1, 3, 32, 32]);
        var ex = Assert.Throws<ArgumentException>(() => predictor.Run([new NamedTensor("image", input)]));
        Assert.That(ex!.Message, Does.Contain("no input named 'image'").And.Contain(predictor.Inputs[0].Name));
    }

    [Test]
    public void Wrong_element_type_and_rank_are_rejected_before_reaching_native_code()
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        var name = predictor.Inputs[0].Name;
        using var ints = Tensor.Rent<long>([1, 3, 32, 32]);
        Assert.That(() => predictor.Run([new NamedTensor(name, ints)]), Throws.ArgumentException.With.Message.Contains("takes Float32"));
        using var flat = Tensor.Rent<float>([3, 32, 32]);
        Assert.That(() => predictor.Run([new NamedTensor(name, flat)]), Throws.ArgumentException.With.Message.Contains("rank 4"));
        using var channels = Tensor.Rent<float>([1, 4, 32, 32]);
        Assert.That(() => predictor.Run([new NamedTensor(name, channels)]), Throws.ArgumentException.With.Message.Contains("dimension 1 = 3"));
        Assert.That(() => predictor.Run([]), Throws.ArgumentException.With.Message.Contains("is missing"));
    }

    [Test]
    public void Missing_model_file_names_the_file()
    {
        var dir = TestPaths.NewTempDirectory("ort-missing");
        try
        {
            var ex = Assert.Throws<ModelLoadException>(() => ModelSource.FromDirectory(dir));
            Assert.That(ex!.Message, Does.Contain(dir).And.Contain("inference.onnx"));
            Assert.That(ex.ModelPath, Is.EqualTo(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Corrupt_onnx_file_gives_a_model_load_exception_naming_the_file()
    {
        var dir = TestPaths.NewTempDirectory("ort-corrupt");
        try
        {
            var file = Path.Combine(dir, "inference.onnx");
            File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);
            var ex = Assert.Throws<ModelLoadException>(() => Engine.CreatePredictor(ModelSource.FromDirectory(dir), PredictorOptions.Default));
            Assert.That(ex!.Message, Does.Contain(file));
            Assert.That(ex.InnerException, Is.TypeOf<OnnxRuntimeException>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Clones_share_the_session_and_survive_the_original_being_disposed()
    {
        var original = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        using var clone = original.Clone();
        original.Dispose();
        original.Dispose();
        using var input = Tensor.Rent<float>([1, 3, 32, 32]);
        input.AsSpan<float>().Clear();
        var outputs = clone.Run([new NamedTensor(clone.Inputs[0].Name, input)]);
        Assert.That(outputs[0].Shape.ToArray(), Is.EqualTo(new long[] { 1, 1, 32, 32 }));
        outputs[0].Dispose();
        Assert.Throws<ObjectDisposedException>(() => original.Run([new NamedTensor(clone.Inputs[0].Name, input)]));
    }

    [Test]
    public void A_cancelled_token_stops_the_run()
    {
        using var predictor = Engine.CreatePredictor(ModelSource.FromDirectory(TestPaths.RequiredModel("PP-OCRv4_mobile_det")), PredictorOptions.Default);
        using var input = Tensor.Rent<float>([1, 3, 32, 32]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => predictor.Run([new NamedTensor(predictor.Inputs[0].Name, input)], cts.Token));
    }
}

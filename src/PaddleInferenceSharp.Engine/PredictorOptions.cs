namespace PaddleInferenceSharp.Engine;

/// <summary>
/// How a predictor runs: device, threads and the PaddleX settings of its engine (<c>cpu_threads</c>,
/// <c>enable_mkldnn</c>, <c>mkldnn_cache_capacity</c>, <c>precision</c>, <c>use_tensorrt</c>). An engine that cannot
/// apply a setting that was asked for refuses it (<see cref="InferenceEngineException"/>) or, where the answers stay
/// the same, logs a warning once naming the setting and itself; what it applied is in <see cref="IPredictor.Settings"/>.
/// </summary>
public sealed record PredictorOptions
{
    /// <summary>Default options: CPU, engine-chosen thread count.</summary>
    public static PredictorOptions Default { get; } = new();

    /// <summary>The device in PaddleX notation: <c>cpu</c>, <c>gpu:0</c>, <c>xpu:0</c>, <c>npu:0</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Threads used inside one operator (PaddleX's <c>cpu_threads</c>); 0 takes PaddleX's default, 8, but no more than
    /// the processors available to the process.
    /// </summary>
    public int CpuThreads
    {
        get => _cpuThreads;
        init => _cpuThreads = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(CpuThreads), value, "cpu_threads must be 0 (default) or positive.");
    }

    private readonly int _cpuThreads;

    /// <summary>PaddleX's default <c>cpu_threads</c>.</summary>
    public const int DefaultCpuThreads = 8;

    /// <summary>The thread count <see cref="CpuThreads"/> stands for: itself, or for 0 PaddleX's 8 capped at <see cref="Environment.ProcessorCount"/>.</summary>
    public int EffectiveCpuThreads => CpuThreads > 0 ? CpuThreads : Math.Min(DefaultCpuThreads, Environment.ProcessorCount);

    /// <summary>
    /// Run CPU operators through oneDNN (PaddleX's <c>enable_mkldnn</c>); null: the engine's default (Paddle Inference:
    /// on). ONNX Runtime's CPU build has no oneDNN provider: true there is warned about once, false changes nothing.
    /// </summary>
    public bool? EnableMkldnn { get; init; }

    /// <summary>oneDNN's cache of input shapes (PaddleX's <c>mkldnn_cache_capacity</c>, default 10); null: the engine's default.</summary>
    public int? MkldnnCacheCapacity
    {
        get => _mkldnnCacheCapacity;
        init => _mkldnnCacheCapacity = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MkldnnCacheCapacity), value, "mkldnn_cache_capacity must be 0 or positive.");
    }

    private readonly int? _mkldnnCacheCapacity;

    /// <summary>The arithmetic precision (PaddleX's <c>precision</c>: fp32, fp16).</summary>
    public InferencePrecision Precision { get; init; }

    /// <summary>Run the model through TensorRT subgraphs (PaddleX's <c>use_tensorrt</c>); Paddle Inference on a GPU only.</summary>
    public bool UseTensorRt { get; init; }

    /// <summary>Whether the engine may spin-wait its worker threads between operators (faster, but uses CPU while idle).</summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>
    /// Every how many runs the engine gives back the memory it keeps between runs for intermediate tensors: 1 after
    /// every run, 16 after every 16th, 0 never; null leaves the engine's default (ONNX Runtime: every run when
    /// <c>OnnxRuntimeOptions.ShrinkArenaAfterRun</c>). Giving memory back costs the page faults of fresh memory on the
    /// next run, in proportion to what the run needs and how often it runs: a tenth of a page detector's time, a quarter
    /// of a line recogniser's (tens of runs per page). The OCR modules' <c>Create</c> methods choose a rule of their own
    /// when both this and <see cref="ReleaseMemoryAboveInputElements"/> are null.
    /// See also <see cref="ReleaseMemoryAboveInputElements"/>.
    /// </summary>
    public int? ReleaseMemoryEveryRuns
    {
        get => _releaseMemoryEveryRuns;
        init => _releaseMemoryEveryRuns = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ReleaseMemoryEveryRuns), value, "The interval must be 0 (never) or positive.");
    }

    private readonly int? _releaseMemoryEveryRuns;

    /// <summary>
    /// Runs whose inputs hold more elements than this give their memory back afterwards, whatever
    /// <see cref="ReleaseMemoryEveryRuns"/> says; null: no such rule. With <see cref="ReleaseMemoryEveryRuns"/> = 0
    /// a model keeps the memory of ordinary inputs (no page faults for fresh memory on the next run) but not that of
    /// an outlier, e.g. a 12-megapixel photo among scanned pages.
    /// </summary>
    public long? ReleaseMemoryAboveInputElements
    {
        get => _releaseMemoryAboveInputElements;
        init => _releaseMemoryAboveInputElements = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(ReleaseMemoryAboveInputElements), value, "The element count must be positive.");
    }

    private readonly long? _releaseMemoryAboveInputElements;
}

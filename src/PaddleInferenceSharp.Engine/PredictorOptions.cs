namespace PaddleInferenceSharp.Engine;

/// <summary>How a predictor runs: device and threading.</summary>
public sealed record PredictorOptions
{
    /// <summary>Default options: CPU, engine-chosen thread count.</summary>
    public static PredictorOptions Default { get; } = new();

    /// <summary>The device in PaddleX notation: <c>cpu</c>, <c>gpu:0</c>, <c>xpu:0</c>, <c>npu:0</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Threads used inside one operator; 0 uses every processor available to the process.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Whether the engine may spin-wait its worker threads between operators (faster, but uses CPU while idle).</summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>
    /// Every how many runs the engine gives back the memory it keeps between runs for intermediate tensors: 1 after
    /// every run, 16 after every 16th, 0 never; null leaves the engine's default (ONNX Runtime: every run when
    /// <c>OnnxRuntimeOptions.ShrinkArenaAfterRun</c>). Giving memory back costs the page faults of fresh memory on the
    /// next run, in proportion to what the run needs: little for a line recogniser, a tenth of a page detector's time.
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

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
    /// Whether the engine should give the memory of a run's intermediate tensors back after each run (true) or keep it
    /// for the next run (false); null leaves the engine's default (ONNX Runtime: <c>OnnxRuntimeOptions.ShrinkArenaAfterRun</c>).
    /// Giving it back suits models whose input sizes vary widely (a page detector); keeping it suits models run many
    /// times on inputs of bounded size (a line recogniser), which then pay no page faults for fresh memory.
    /// </summary>
    public bool? ReleaseMemoryAfterRun { get; init; }
}

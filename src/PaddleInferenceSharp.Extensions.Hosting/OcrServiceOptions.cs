using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>Settings of <see cref="OcrService"/>: the pipeline each worker runs and the pool's size.</summary>
public sealed record OcrServiceOptions
{
    /// <summary>The pipeline settings; each worker builds its own pipeline from them (its <see cref="OcrPipelineOptions.CpuThreads"/> may be set by <see cref="Threads"/>).</summary>
    public OcrPipelineOptions Pipeline { get; init; } = new();

    /// <summary>Workers, each with its own pipeline; 0 sizes the pool to the machine (one single-threaded worker per core unless <see cref="Threads"/> is set).</summary>
    public int Workers { get; init; }

    /// <summary>Intra-op threads per model in each worker; 0: <see cref="OcrPipelineOptions.CpuThreads"/> if set, else the cores divided among the workers.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Several devices (PaddleX's <c>device: gpu:0,1</c>, parsed by <see cref="Engine.InferenceDevice.ParseList"/>):
    /// worker <c>i</c> runs on device <c>i % Devices.Count</c>, and with <see cref="Workers"/> 0 there is one worker per
    /// device. Empty: every worker on <see cref="OcrPipelineOptions.Device"/>.
    /// </summary>
    public IReadOnlyList<Engine.InferenceDevice> Devices { get; init; } = [];

    /// <summary>Calls that may wait for a worker; beyond it <see cref="IOcrService"/> throws <see cref="OcrPoolRejectedException"/> (<see cref="OcrPoolRejection.Busy"/>).</summary>
    public int QueueCapacity { get; init; } = 64;
}

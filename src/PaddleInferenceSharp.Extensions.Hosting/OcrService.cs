using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// <see cref="IOcrService"/> over an <see cref="OcrPipelinePool"/>: one engine (created from
/// <see cref="OcrPipelineOptions.Engine"/>) shared by the workers' pipelines. Pipelines start loading at construction.
/// </summary>
/// <remarks>
/// Thread-safe. Results keep their page images as <see cref="OcrPipelineOptions.RetainImages"/> says (dispose
/// <see cref="OcrResult.Images"/> to give the buffers back early, or turn it off when results are never drawn).
/// Disposing finishes queued work, then releases the pipelines and the engine.
/// </remarks>
public sealed class OcrService : IOcrService, IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the service reports to.</summary>
    public const string MeterName = "PaddleInferenceSharp.Ocr";

    private readonly IInferenceEngine _engine;
    private readonly ILogger _logger;
    private readonly Counter<long>? _calls;
    private readonly Histogram<double>? _duration;
    private bool _disposed;

    /// <summary>Creates the engine and starts loading the pipelines.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="loggerFactory">Receives load and failure messages.</param>
    /// <param name="meterFactory">Creates the <see cref="MeterName"/> meter (calls by outcome, durations, queue length, busy workers); null for no metrics.</param>
    /// <exception cref="InferenceEngineNotInstalledException">No package of the engine asked for is referenced.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public OcrService(OcrServiceOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options.QueueCapacity));
        options.Pipeline.TextDetection.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<OcrService>();
        Options = options;
        var devices = options.Devices.Count > 0 ? options.Devices : [options.Pipeline.Device];
        var (workers, threads) = OcrPipelinePool.Size(options.Workers > 0 || devices.Count == 1 ? options.Workers : devices.Count, options.Threads > 0 ? options.Threads : options.Pipeline.CpuThreads, Environment.ProcessorCount);
        // One engine for every worker: it is chosen for the first device (Paddle Inference for accelerators) and
        // places each predictor on the device of the worker's pipeline.
        _engine = OcrPipeline.CreateEngine(options.Pipeline with { Device = devices[0] }, loggerFactory);
        var pipelineOptions = options.Pipeline with { CpuThreads = threads };
        _logger.LogInformation("Starting {Workers} OCR workers with {Threads} thread(s) per model on {Engine}, device {Devices}", workers, threads, _engine.RuntimeDescription, string.Join(",", devices));
        Pool = new OcrPipelinePool(workers, options.QueueCapacity, i => OcrPipeline.Create(pipelineOptions with { Device = devices[i % devices.Count] }, loggerFactory, _engine), _logger);
        if (meterFactory is not null)
        {
            var meter = meterFactory.Create(MeterName);
            _calls = meter.CreateCounter<long>("paddleocr.predictions", description: "OCR calls by outcome (ok, cancelled, rejected, failed).");
            _duration = meter.CreateHistogram<double>("paddleocr.prediction.duration", unit: "s", description: "Time of an OCR call, queueing included.");
            meter.CreateObservableGauge("paddleocr.queue.length", () => Pool.QueueLength, description: "Calls waiting for a worker.");
            meter.CreateObservableGauge("paddleocr.workers.busy", () => Pool.Busy, description: "Workers running a call.");
        }
    }

    /// <summary>The settings.</summary>
    public OcrServiceOptions Options { get; }

    /// <summary>The pool of pipelines.</summary>
    public OcrPipelinePool Pool { get; }

    /// <summary>The engine the pipelines share.</summary>
    public IInferenceEngine Engine => _engine;

    /// <inheritdoc />
    public Task Ready => Pool.Loaded;

    /// <inheritdoc />
    public bool IsReady => Pool.IsReady;

    /// <inheritdoc />
    public Task<OcrResult> PredictAsync(string path, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RunAsync((pipeline, ct) => pipeline.Predict(path, options, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<OcrResult> PredictAsync(Stream stream, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (buffer, length) = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);

        // The buffer goes back to the shared pool only once no worker reads it (a cancelled call is answered before
        // a running job has stopped).
        return await BorrowAsync(
            (pipeline, ct) => pipeline.Predict(buffer.AsMemory(0, length), sourceName ?? "", options, ct),
            () => PooledArrays.Return(buffer),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<OcrResult> PredictAsync(ReadOnlyMemory<byte> encoded, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default) =>
        BorrowAsync((pipeline, ct) => pipeline.Predict(encoded, sourceName ?? "", options, ct), null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OcrResult>> PredictPagesAsync(string path, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RunAsync<IReadOnlyList<OcrResult>>((pipeline, ct) => pipeline.PredictPages(path, options, null, ct).ToArray(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OcrResult>> PredictPagesAsync(ReadOnlyMemory<byte> encoded, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default) =>
        BorrowAsync<IReadOnlyList<OcrResult>>((pipeline, ct) => pipeline.PredictPages(encoded, sourceName ?? "", options, null, ct).ToArray(), null, cancellationToken);

    /// <inheritdoc />
    public async Task<T> RunAsync<T>(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await Pool.RunAsync(work, cancellationToken).ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (OcrPoolRejectedException)
        {
            outcome = "rejected";
            throw;
        }
        finally
        {
            _calls?.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            _duration?.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Stops taking work, lets queued and running calls finish (up to <paramref name="timeout"/>).</summary>
    /// <returns>True when every worker finished in time.</returns>
    public bool Drain(TimeSpan timeout) => Pool.Drain(timeout);

    /// <summary>Finishes queued work (briefly), then releases the pipelines and the engine. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Pool.Dispose();
        _engine.Dispose();
    }

    // RunAsync for work that reads the caller's bytes: the task completes only once no worker uses them any more
    // (after a cancellation too), and release, if any, runs then.
    private async Task<T> BorrowAsync<T>(Func<OcrPipeline, CancellationToken, T> work, Action? release, CancellationToken cancellationToken)
    {
        var job = new BorrowingJob<T>(work, release);
        try
        {
            return await RunAsync(job.Run, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Refused, cancelled while waiting: never starts. Cancelled while running: ends soon (it observes the token).
            job.Abandon();
            await job.Settled.ConfigureAwait(false);
        }
    }

    private static async Task<(byte[] Buffer, int Length)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = PooledArrays.Rent<byte>(stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, Array.MaxLength) : 64 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = PooledArrays.Rent<byte>((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    PooledArrays.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, filled);
                }

                filled += read;
            }
        }
        catch
        {
            PooledArrays.Return(buffer);
            throw;
        }
    }
}

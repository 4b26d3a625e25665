using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// Thread-safe OCR over a pool of pipelines (<see cref="OcrPipelinePool"/>): any number of callers, each call runs
/// on a free worker's pipeline; a full queue throws <see cref="OcrPoolRejectedException"/> at once.
/// </summary>
public interface IOcrService
{
    /// <summary>Completes when every pipeline is loaded; faults when one could not be.</summary>
    Task Ready { get; }

    /// <summary>True once every pipeline is loaded and the service accepts work.</summary>
    bool IsReady { get; }

    /// <summary>Runs OCR on an image file (the first page of a PDF: use <see cref="PredictPagesAsync(string, OcrPredictOptions?, CancellationToken)"/> for every page).</summary>
    /// <param name="path">The image (PNG, JPEG, BMP, TIFF, WebP) or PDF.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels the call while it waits for a worker or runs; a cancelled call frees its place in the queue.</param>
    Task<OcrResult> PredictAsync(string path, OcrPredictOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs OCR on an encoded image read from <paramref name="stream"/> (read asynchronously before a worker is taken).</summary>
    /// <param name="stream">The image or PDF bytes; read to its end, not disposed.</param>
    /// <param name="sourceName">The name reported as <c>input_path</c>, or null.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels reading, waiting and running.</param>
    Task<OcrResult> PredictAsync(Stream stream, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs OCR on encoded image bytes.</summary>
    /// <param name="encoded">The image or PDF bytes; not used after the returned task completes.</param>
    /// <param name="sourceName">The name reported as <c>input_path</c>, or null.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Cancels waiting and running.</param>
    Task<OcrResult> PredictAsync(ReadOnlyMemory<byte> encoded, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs OCR on every page of an image or PDF file (one result for an image).</summary>
    Task<IReadOnlyList<OcrResult>> PredictPagesAsync(string path, OcrPredictOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs OCR on every page of encoded image or PDF bytes (one result for an image).</summary>
    Task<IReadOnlyList<OcrResult>> PredictPagesAsync(ReadOnlyMemory<byte> encoded, string? sourceName = null, OcrPredictOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Runs custom work on a free worker's pipeline (the pipeline must not escape <paramref name="work"/>).</summary>
    Task<T> RunAsync<T>(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken = default);
}

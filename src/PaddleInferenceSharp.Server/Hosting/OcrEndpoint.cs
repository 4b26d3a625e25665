using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Extensions.Hosting;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Server.Inputs;
using PaddleInferenceSharp.Server.Observability;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Hosting;

/// <summary>
/// <c>POST /ocr</c>: reads and validates the body, fetches or decodes the file, runs the pages on a pooled pipeline
/// and answers in PaddleX's envelope, its <c>result</c> shaped as the <see cref="PaddleXServingSchema"/> of the options
/// or, in <see cref="PaddleXServingSchema.Auto"/>, of the request. Every answer carries a <c>logId</c> that is also on
/// the request's log line.
/// </summary>
internal sealed class OcrEndpoint(PaddleXOcrEndpointOptions options, OcrPipelinePool pool, RequestFileReader files, ServerMetrics metrics, ILogger logger)
{
    /// <summary>Status recorded (not sent) when the client went away before the answer (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public async Task HandleAsync(HttpContext context)
    {
        var logId = ApiEnvelope.NewLogId();
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status200OK;
        var pages = 0;
        string? error = null;
        metrics.Started();
        using var scope = logger.BeginScope("LogId:{LogId}", logId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(options.RequestTimeout);
        RequestFile? file = null;
        try
        {
            OcrRequest request;
            using (var body = await ReadBodyAsync(context.Request, deadline.Token).ConfigureAwait(false))
            {
                // The request views the body for 'file' until the file is decoded; the body goes back to the pool then.
                request = OcrRequest.Parse(body.Memory);
                file = await files.ReadAsync(request, deadline.Token).ConfigureAwait(false);
            }

            var visualize = request.Visualize ?? options.Visualize;
            var schema = options.ServingSchema == PaddleXServingSchema.Auto ? request.Schema : options.ServingSchema;
            if (schema == PaddleXServingSchema.Beta && file.Kind == FileKind.Pdf)
            {
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "This is a PDF, and the answer of PaddleX 3.0 beta (to the 'image' field, or the server's serving schema 'beta') holds the texts of one image: send an image, or send the PDF as 'file' to a server whose serving schema is not 'beta'.");
            }

            var job = file;
            Task<(byte[] Answer, int Pages)> run;
            try
            {
                run = pool.RunAsync((pipeline, ct) => Process(pipeline, job, request, schema, visualize, logId, ct), deadline.Token);
            }
            catch (OcrPoolRejectedException ex)
            {
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, ex.Message) { RetryAfterSeconds = ex.RetryAfterSeconds };
            }

            // From here the worker gives the file back when it is done with it (a job skipped after a cancellation
            // leaves its buffer to the garbage collector: answering at once matters more than the pooled array).
            file = null;
            var (answer, pageCount) = await run.ConfigureAwait(false);
            pages = pageCount;
            await WriteAsync(context, status, answer).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            status = ClientClosedRequest;
            error = "the client closed the connection; the request was cancelled";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            status = StatusCodes.Status504GatewayTimeout;
            error = string.Create(CultureInfo.InvariantCulture, $"The request took longer than the server's limit of {options.RequestTimeout.TotalSeconds:F0} s and was cancelled.");
            await TryWriteErrorAsync(context, logId, status, error, null).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            status = ex.StatusCode;
            error = ex.Message;
            await TryWriteErrorAsync(context, logId, status, error, ex.RetryAfterSeconds ?? (status == 503 ? options.RetryAfterSeconds : null)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            status = ex.StatusCode;
            error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than the server's limit of {options.MaxRequestBodyBytes} bytes."
                : ex.Message;
            await TryWriteErrorAsync(context, logId, status, error, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or OcrConfigurationException)
        {
            // The pipeline's own parameter checks (e.g. a limit type it cannot combine).
            status = StatusCodes.Status422UnprocessableEntity;
            error = ex.Message;
            await TryWriteErrorAsync(context, logId, status, error, null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            status = StatusCodes.Status500InternalServerError;
            error = ex is InferenceEngineException or NativeLibraryNotFoundException ? "Inference failed: " + ex.Message : "Internal server error";
            logger.LogError(ex, "Request {LogId} failed", logId);
            await TryWriteErrorAsync(context, logId, status, error, null).ConfigureAwait(false);
        }
        finally
        {
            file?.Dispose();
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Finished(status, elapsed, pages);
            if (error is null)
            {
                logger.LogInformation("POST /ocr {LogId} {Status} in {ElapsedMs:F0} ms, {Pages} page(s)", logId, status, elapsed.TotalMilliseconds, pages);
            }
            else
            {
                logger.LogWarning("POST /ocr {LogId} {Status} in {ElapsedMs:F0} ms: {Error}", logId, status, elapsed.TotalMilliseconds, error);
            }
        }
    }

    // Runs on a worker thread with that worker's pipeline: decodes the image or renders the PDF's first pages one at a
    // time, recognises them and builds the answer.
    private (byte[] Answer, int Pages) Process(OcrPipeline pipeline, RequestFile file, OcrRequest request, PaddleXServingSchema schema, bool visualize, string logId, CancellationToken cancellationToken)
    {
        using (file)
        {
            return ProcessFile(pipeline, file, request, schema, visualize, logId, cancellationToken);
        }
    }

    private (byte[] Answer, int Pages) ProcessFile(OcrPipeline pipeline, RequestFile file, OcrRequest request, PaddleXServingSchema schema, bool visualize, string logId, CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        var sizes = new List<(int Width, int Height)>();
        if (file.Kind == FileKind.Image)
        {
            using var image = DocumentPages.DecodeImage(file, options.MaxPixels);
            results.Add(Page(pipeline, image, null, request, schema, visualize, cancellationToken));
            sizes.Add((image.Width, image.Height));
        }
        else
        {
            using var pdf = DocumentPages.OpenPdf(file, options.MaxPixels);
            var count = Math.Min(pdf.PageCount, options.MaxPdfPages);
            if (pdf.PageCount > count)
            {
                logger.LogInformation("Request {LogId}: the PDF has {Pages} pages; the first {Count} are processed", logId, pdf.PageCount, count);
            }

            for (var i = 0; i < count; i++)
            {
                using var page = DocumentPages.RenderPage(pdf, i, cancellationToken);
                results.Add(Page(pipeline, page, i, request, schema, visualize, cancellationToken));
                sizes.Add((page.Width, page.Height));
            }
        }

        JsonObject body;
        if (schema == PaddleXServingSchema.Beta)
        {
            // The one image's entry is the whole result: no ocrResults, no dataInfo.
            body = results[0]!.AsObject();
            results.Clear();
        }
        else
        {
            body = new JsonObject
            {
                ["ocrResults"] = results,
                ["dataInfo"] = new DataInfo(file.Kind, sizes).ToJson(),
            };
        }

        return (ApiEnvelope.Success(logId, body), sizes.Count);
    }

    private JsonObject Page(OcrPipeline pipeline, BgrImage page, int? pageIndex, OcrRequest request, PaddleXServingSchema schema, bool visualize, CancellationToken cancellationToken)
    {
        var result = pipeline.Predict(page, request.PredictOptions, null, pageIndex, cancellationToken);
        try
        {
            var draw = visualize && result.Images is not null;
            if (schema != PaddleXServingSchema.Current)
            {
                return BetaOcrResult.ToJson(result, draw ? ResultImages.EncodeOcr(result, options.FontPath) : null);
            }

            if (!draw)
            {
                return OcrPageResult.ToJson(result);
            }

            var (ocr, doc, input) = ResultImages.Encode(result, options.ReturnInputImage, options.FontPath);
            return OcrPageResult.ToJson(result, ocr, doc, input);
        }
        finally
        {
            // The kept pages go back to the pool now rather than when the collector finds them.
            result.Images?.Dispose();
        }
    }

    // Reads the body into a pooled buffer (most bodies are Base64 images over the large-object threshold).
    private async Task<PooledBytes> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body ({request.ContentLength} bytes) is larger than the server's limit of {options.MaxRequestBodyBytes} bytes.");
        }

        var pool = RequestBuffers.Pool;
        var buffer = pool.Rent(request.ContentLength is { } length ? (int)Math.Min(length + 1, Array.MaxLength) : 64 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // Chunked bodies (no Content-Length) grow the buffer; Kestrel stops them at the body size limit.
                    var larger = pool.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > options.MaxRequestBodyBytes)
                {
                    // Kestrel enforces the limit in the standalone server; an app that mounts the endpoint may not.
                    throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the server's limit of {options.MaxRequestBodyBytes} bytes.");
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }

        if (filled == 0)
        {
            pool.Return(buffer);
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, "The request body is empty; send a JSON object with 'file' (Base64 or URL) and optionally 'fileType'.");
        }

        return new PooledBytes(buffer, filled);
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task TryWriteErrorAsync(HttpContext context, string logId, int status, string message, int? retryAfter)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            await WriteAsync(context, status, ApiEnvelope.NoResult(logId, status, message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left while the error was written; nothing more to do.
        }
    }
}

using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Cli;

/// <summary>How the results of a run are reported.</summary>
/// <param name="SavePath">Directory for <c>_res.json</c> and result images, or null to write nothing.</param>
/// <param name="Quiet">Do not print results.</param>
/// <param name="Verbose">Log each page.</param>
/// <param name="BatchSize">Image inputs decoded together (in parallel) before being recognised in order.</param>
/// <param name="FontPath">The font result images are drawn with, or null to find one.</param>
internal sealed record RunSettings(string? SavePath, bool Quiet, bool Verbose, int BatchSize, string? FontPath);

/// <summary>
/// Runs the pipeline over the inputs of one command: images are decoded a batch at a time, PDFs page by page; each
/// page is printed and saved as it finishes. A file that cannot be read or decoded is reported and skipped; an
/// engine failure stops the run. With several pipelines (one per device, <c>--device gpu:0,1</c>) the inputs of a
/// batch are spread over them in turn, each pipeline working through its share in order, and the results are
/// reported in input order.
/// </summary>
internal sealed class OcrRunner(IReadOnlyList<OcrPipeline> pipelines, RunSettings settings, TextWriter stdout, TextWriter stderr, ILogger logger)
{
    private readonly OcrPipeline pipeline = pipelines[0];

    /// <summary>Processes <paramref name="files"/>; returns the exit code.</summary>
    public int Run(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var summary = new RunSummary(files.Count);
        var progress = ProgressDisplay.Enabled(files.Count, settings.Quiet, settings.Verbose);
        int code;
        try
        {
            code = ProgressDisplay.Run(progress, files.Count, stderr, sink => RunAll(files, summary, sink, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("paddlex-sharp: interrupted.");
            code = ExitCodes.Cancelled;
        }

        stderr.WriteLine(summary.Format());
        return code != ExitCodes.Success ? code
            : summary.Failed.Count > 0 ? ExitCodes.InputError
            : ExitCodes.Success;
    }

    private int RunAll(IReadOnlyList<string> files, RunSummary summary, IProgressSink progress, CancellationToken cancellationToken)
    {
        if (pipelines.Count > 1)
        {
            return RunAllOnDevices(files, summary, progress, cancellationToken);
        }

        var batchSize = Math.Max(1, settings.BatchSize);
        for (var start = 0; start < files.Count; start += batchSize)
        {
            var batch = files.Skip(start).Take(batchSize).ToArray();
            // Image files of the batch are decoded in parallel; PDFs are rendered lazily, page by page, when their turn
            // comes; URLs are fetched (by the pipeline, under its address policy) in their turn.
            var decoding = batch.Select(f => UrlFetcher.IsUrl(f) || IsPdf(f) ? null : Task.Run(() => ImageDecoder.DecodeFile(f), cancellationToken)).ToArray();
            try
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (file, decoded) = (batch[i], decoding[i]);
                    if (Attempt(file, () => ProcessFile(file, decoded, summary, cancellationToken), summary, progress) is { } stop)
                    {
                        return stop;
                    }
                }
            }
            finally
            {
                DisposeUnclaimed(decoding);
            }
        }

        return ExitCodes.Success;
    }

    private int RunAllOnDevices(IReadOnlyList<string> files, RunSummary summary, IProgressSink progress, CancellationToken cancellationToken)
    {
        // A batch holds at least one input per pipeline, so that every device has work.
        var batchSize = Math.Max(settings.BatchSize, pipelines.Count);
        for (var start = 0; start < files.Count; start += batchSize)
        {
            var batch = files.Skip(start).Take(batchSize).ToArray();
            var decoding = batch.Select(f => UrlFetcher.IsUrl(f) || IsPdf(f) ? null : Task.Run(() => ImageDecoder.DecodeFile(f), cancellationToken)).ToArray();
            var work = new Task<List<OcrResult>>[batch.Length];
            var last = new Task?[pipelines.Count];
            for (var i = 0; i < batch.Length; i++)
            {
                var (onDevice, file, decoded) = (pipelines[i % pipelines.Count], batch[i], decoding[i]);
                // Each pipeline serves one thread at a time: its inputs run one after another.
                work[i] = (last[i % pipelines.Count] ?? Task.CompletedTask).ContinueWith(
                    _ => Predict(onDevice, file, decoded, cancellationToken), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                last[i % pipelines.Count] = work[i];
            }

            var reported = 0;
            try
            {
                for (; reported < batch.Length; reported++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var done = work[reported];
                    if (Attempt(batch[reported], () => done.GetAwaiter().GetResult().ForEach(result => Report(result, summary)), summary, progress) is { } stop)
                    {
                        return stop;
                    }
                }
            }
            finally
            {
                // The run stopped early: let the other devices finish what they hold, and drop their results' pages.
                for (var i = reported; i < work.Length; i++)
                {
                    try
                    {
                        work[i].Wait(CancellationToken.None);
                        work[i].Result.ForEach(r => r.Images?.Dispose());
                    }
                    catch (AggregateException)
                    {
                        // Failed inputs of a stopped run are not reported.
                    }
                }

                DisposeUnclaimed(decoding);
            }
        }

        return ExitCodes.Success;
    }

    // Processes and reports one input: an unreadable input is counted and the run goes on; an engine failure returns
    // the exit code that stops the run.
    private static int? Attempt(string file, Action process, RunSummary summary, IProgressSink progress)
    {
        try
        {
            process();
            summary.InputDone();
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            var message = Unwrap(ex).Message;
            summary.InputFailed(DisplayName(file), message);
            progress.WriteError("error: " + message);
        }
        catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException)
        {
            progress.WriteError("error: " + ex.Message);
            return ExitCodes.ModelError;
        }

        progress.Advance(Path.GetFileName(DisplayName(file)));
        return null;
    }

    // One input on one pipeline: an image's result, or every page of a PDF or URL.
    private static List<OcrResult> Predict(OcrPipeline onDevice, string file, Task<BgrImage>? decoding, CancellationToken cancellationToken)
    {
        if (decoding is null)
        {
            return onDevice.PredictPages(file, null, null, cancellationToken).ToList();
        }

        var image = decoding.GetAwaiter().GetResult();
        try
        {
            return [onDevice.Predict(image, null, file, null, cancellationToken)];
        }
        finally
        {
            image.Dispose();
        }
    }

    private void ProcessFile(string file, Task<BgrImage>? decoding, RunSummary summary, CancellationToken cancellationToken)
    {
        if (decoding is null)
        {
            ProcessPages(file, summary, cancellationToken);
            return;
        }

        var image = decoding.GetAwaiter().GetResult();
        var result = pipeline.Predict(image, null, file, null, cancellationToken);
        // The decoded image was copied into the result (or not needed); the batch's copy goes back to the pool now.
        image.Dispose();
        Report(result, summary);
    }

    // A PDF file, or a URL of an image or PDF.
    private void ProcessPages(string file, RunSummary summary, CancellationToken cancellationToken)
    {
        // Pages are rendered one at a time as the enumeration advances; each is saved before the next is rendered.
        foreach (var result in pipeline.PredictPages(file, null, null, cancellationToken))
        {
            Report(result, summary);
        }
    }

    private void Report(OcrResult result, RunSummary summary)
    {
        try
        {
            if (!settings.Quiet)
            {
                stdout.WriteLine(result.ToJsonString());
            }

            if (settings.SavePath is { } savePath)
            {
                result.SaveToJson(savePath);
                result.SaveToImg(savePath, settings.FontPath);
            }

            summary.AddPage(result.RecTexts.Count);
            logger.LogInformation("{Input}{Page}: {Lines} text lines", result.InputPath, result.PageIndex is { } page ? $" page {page}" : string.Empty, result.RecTexts.Count);
        }
        finally
        {
            result.Images?.Dispose();
        }
    }

    // By content, as the pipeline decides: a PDF named .png is still a PDF.
    internal static bool IsPdf(string file)
    {
        Span<byte> head = stackalloc byte[5];
        try
        {
            using var stream = File.OpenRead(file);
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && ImageFormatDetector.Detect(head) == ImageFormat.Pdf;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Decoding reports the problem with the file's name.
            return false;
        }
    }

    // A URL without its query (often a signature), as the pipeline reports it; a file as given.
    private static string DisplayName(string input) => UrlFetcher.IsUrl(input) ? input.Split('?', '#')[0] : input;

    internal static bool IsInputError(Exception ex) => Unwrap(ex) is ImageDecodeException or UrlInputException or IOException or UnauthorizedAccessException;

    internal static Exception Unwrap(Exception ex) => ex is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : ex;

    // Images decoded ahead but never processed (the run stopped) go back to the pool.
    private static void DisposeUnclaimed(Task<BgrImage>?[] decoding)
    {
        foreach (var task in decoding)
        {
            if (task is null)
            {
                continue;
            }

            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                continue;
            }

            task.Result.Dispose();
        }
    }
}

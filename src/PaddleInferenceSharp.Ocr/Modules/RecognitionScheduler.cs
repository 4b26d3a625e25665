using System.Diagnostics;
using System.Runtime.ExceptionServices;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Diagnostics;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>Runs one text recognition call's model runs side by side: on the caller's thread and on helper threads, each with its own predictor.</summary>
internal static class RecognitionScheduler
{
    // Runs up to one model run per predictor at a time, the largest first (so that the last to start are short), each
    // worker on its own predictor. Each worker keeps its own timings; pre- and post-processing are added up over the
    // workers and the rest of the elapsed time counts as inference.
    public static void Run(IPredictor[] predictors, HelperThreads helperThreads, List<RecognitionRun> runs, Action<IPredictor, RecognitionRun, StageTimings?, CancellationToken> recognize, StageTimings? timings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var order = runs.OrderByDescending(r => (long)r.Count * r.BatchWidth).ToArray();
        var workers = Math.Min(predictors.Length, order.Length);
        var workerTimings = timings is null ? null : new StageTimings[workers];
        var next = -1;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        void Work(int worker)
        {
            StageTimings? local = null;
            if (workerTimings is not null)
            {
                local = workerTimings[worker] = new StageTimings();
            }

            int index;
            while ((index = Interlocked.Increment(ref next)) < order.Length)
            {
                try
                {
                    recognize(predictors[worker], order[index], local, failed.Token);
                }
                catch
                {
                    // Stop the other workers early; the first failure is the one reported.
                    failed.Cancel();
                    throw;
                }
            }
        }

        var helpers = new Task[workers - 1];
        for (var w = 1; w < workers; w++)
        {
            var worker = w;
            helpers[w - 1] = helperThreads.Run(w - 1, () => Work(worker));
        }

        Exception? first = null;
        try
        {
            Work(0);
        }
        catch (Exception ex)
        {
            first = ex;
        }

        foreach (var helper in helpers)
        {
            try
            {
                helper.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // A helper stopped by another's failure is not the news; a real failure is.
                if (first is null || (first is OperationCanceledException && ex is not OperationCanceledException))
                {
                    first = ex;
                }
            }
        }

        if (first is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Throw(first);
        }

        if (timings is not null)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            TimeSpan pre = TimeSpan.Zero, post = TimeSpan.Zero;
            foreach (var local in workerTimings!)
            {
                pre += local[OcrStage.RecPre];
                post += local[OcrStage.RecPost];
            }

            timings.Add(OcrStage.RecPre, pre);
            timings.Add(OcrStage.RecPost, post);
            timings.Add(OcrStage.RecInference, elapsed > pre + post ? elapsed - pre - post : TimeSpan.Zero);
        }
    }
}

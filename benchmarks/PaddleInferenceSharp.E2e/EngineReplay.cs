using System.Diagnostics;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.E2e;

/// <summary>
/// Replays one image's recorded engine calls (<see cref="EngineRecorder"/>) with nothing else around them, in the
/// pipeline's schedule: the modules one after another in the order they ran, and within a module that ran on
/// several predictors at once (parallel recognition runs) as many workers, each on its own predictor, taking the
/// calls in the order they started, as the pipeline's scheduler does.
/// </summary>
internal static class EngineReplay
{
    /// <summary>The wall time of the replay.</summary>
    public static TimeSpan Run(IReadOnlyList<RecordedCall> calls)
    {
        var started = Stopwatch.GetTimestamp();
        var ordered = calls.OrderBy(c => c.Sequence).ToArray();
        var start = 0;
        while (start < ordered.Length)
        {
            var end = start;
            while (end < ordered.Length && ordered[end].Model == ordered[start].Model)
            {
                end++;
            }

            RunModule(new ArraySegment<RecordedCall>(ordered, start, end - start));
            start = end;
        }

        return Stopwatch.GetElapsedTime(started);
    }

    // Helpers are pool threads (warm after the first image), so no thread is started inside the timed replay.
    private static void RunModule(ArraySegment<RecordedCall> calls)
    {
        var predictors = calls.Select(c => c.Predictor).Distinct().ToArray();
        if (predictors.Length == 1)
        {
            foreach (var call in calls)
            {
                RunOne(predictors[0], call);
            }

            return;
        }

        var next = -1;
        void Work(IPredictor predictor)
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls.Count)
            {
                RunOne(predictor, calls[index]);
            }
        }

        var helpers = predictors.Skip(1).Select(p => Task.Run(() => Work(p))).ToArray();
        Work(predictors[0]);
        Task.WaitAll(helpers);
    }

    private static void RunOne(IPredictor predictor, RecordedCall call)
    {
        foreach (var output in predictor.Run(call.Inputs))
        {
            output.Dispose();
        }
    }
}

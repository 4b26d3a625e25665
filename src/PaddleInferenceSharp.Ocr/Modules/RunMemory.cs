using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// The rule a module's <c>Create</c> sets for the memory its model keeps between runs when the caller set none
/// (<see cref="PredictorOptions.ReleaseMemoryEveryRuns"/> and <see cref="PredictorOptions.ReleaseMemoryAboveInputElements"/>
/// both null): memory given back after a run costs the page faults of fresh memory on the next one.
/// </summary>
internal static class RunMemory
{
    /// <summary>
    /// Keeps the run memory for the next run, except after runs with more input elements than
    /// <paramref name="aboveInputElements"/> (null: after none; for models whose inputs have a bounded size).
    /// </summary>
    public static PredictorOptions Keep(PredictorOptions options, long? aboveInputElements = null) =>
        options.ReleaseMemoryEveryRuns is null && options.ReleaseMemoryAboveInputElements is null
            ? options with { ReleaseMemoryEveryRuns = 0, ReleaseMemoryAboveInputElements = aboveInputElements }
            : options;
}

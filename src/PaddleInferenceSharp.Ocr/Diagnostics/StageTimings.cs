using System.Diagnostics;

namespace PaddleInferenceSharp.Ocr.Diagnostics;

/// <summary>The stages of the OCR pipeline that are timed.</summary>
public enum OcrStage
{
    /// <summary>Reading and decoding the input file.</summary>
    Decode,
    /// <summary>Document orientation and unwarping (models included).</summary>
    DocPreprocess,
    /// <summary>Detection input: resize and normalise.</summary>
    DetPre,
    /// <summary>The detection model.</summary>
    DetInference,
    /// <summary>DB post-processing and box sorting.</summary>
    DetPost,
    /// <summary>Cutting out the text lines.</summary>
    Crop,
    /// <summary>Text-line orientation (model included).</summary>
    Orientation,
    /// <summary>Recognition input: resize, normalise, batch.</summary>
    RecPre,
    /// <summary>The recognition model.</summary>
    RecInference,
    /// <summary>CTC decoding and result assembly.</summary>
    RecPost,
}

/// <summary>
/// Accumulated wall time per <see cref="OcrStage"/>. Give one to <see cref="OcrPipeline.Timings"/> to measure where
/// time goes; the pipeline adds to it. Not thread-safe: one per pipeline (pipelines serve one thread).
/// </summary>
public sealed class StageTimings
{
    private readonly long[] _ticks = new long[Enum.GetValues<OcrStage>().Length];

    /// <summary>The time spent in <paramref name="stage"/> so far.</summary>
    public TimeSpan this[OcrStage stage] => TimeSpan.FromSeconds(_ticks[(int)stage] / (double)Stopwatch.Frequency);

    /// <summary>The time spent in all stages.</summary>
    public TimeSpan Total => TimeSpan.FromSeconds(_ticks.Sum() / (double)Stopwatch.Frequency);

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> value) to <paramref name="stage"/> and returns now.</summary>
    public long Add(OcrStage stage, long startTimestamp)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)stage] += now - startTimestamp;
        return now;
    }

    /// <summary>Adds <paramref name="duration"/> to <paramref name="stage"/>.</summary>
    public void Add(OcrStage stage, TimeSpan duration) =>
        _ticks[(int)stage] += (long)(duration.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Adds another set of timings (e.g. of another worker).</summary>
    public void Add(StageTimings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _ticks.Length; i++)
        {
            _ticks[i] += other._ticks[i];
        }
    }

    /// <summary>Sets every stage back to zero.</summary>
    public void Reset() => Array.Clear(_ticks);
}

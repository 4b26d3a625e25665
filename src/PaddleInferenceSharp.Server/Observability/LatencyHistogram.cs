using System.Globalization;
using System.Text;

namespace PaddleInferenceSharp.Server.Observability;

/// <summary>A cumulative latency histogram with fixed bucket bounds, in Prometheus' shape (<c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>).</summary>
/// <remarks>Thread-safe and lock-free.</remarks>
internal sealed class LatencyHistogram
{
    /// <summary>Bucket upper bounds in seconds.</summary>
    public static readonly double[] Bounds = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicroseconds;
    private long _count;

    /// <summary>Observations so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one latency.</summary>
    public void Observe(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Bounds.Length && seconds > Bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumMicroseconds, (long)(elapsed.Ticks / 10));
        Interlocked.Increment(ref _count);
    }

    /// <summary>Appends the histogram in Prometheus text format.</summary>
    public void Write(StringBuilder text, string name, string labels)
    {
        var cumulative = 0L;
        var separator = labels.Length > 0 ? "," : string.Empty;
        for (var i = 0; i <= Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            var le = i < Bounds.Length ? Bounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"{le}\"}} {cumulative}\n");
        }

        var braces = labels.Length > 0 ? "{" + labels + "}" : string.Empty;
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {Interlocked.Read(ref _sumMicroseconds) / 1e6}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {Interlocked.Read(ref _count)}\n");
    }
}

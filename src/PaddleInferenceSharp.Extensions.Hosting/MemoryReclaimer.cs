using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// Gives the memory of an oversize request back once it is done: when a job allocated more than
/// <see cref="ThresholdBytes"/> outside the buffer pools (a page over ~5 megapixels, its retained copy, its result
/// image), an aggressive full collection (<see cref="GCCollectionMode.Aggressive"/>: compacting, and decommitting
/// the free memory) follows, at most once per <see cref="MinInterval"/>; one asked for sooner runs when the interval
/// is over, so the last oversize request of a burst is always followed by one.
/// </summary>
/// <remarks>
/// Without it, the dropped buffers of such a page stay on the large-object heap until a full collection, which an
/// idle server never reaches, and even an ordinary full collection (compacting included) keeps the freed regions
/// resident: after 50 dev images, one 7,000 x 7,000 page (with result images) and 50 more, RSS was 1,371 MiB
/// against 613 MiB before the page, 1,272 MiB with a compacting collection, 708 MiB with an aggressive one (~0.2 s).
/// Ordinary pages allocate within the pools and never trigger it. Thread-safe: concurrent workers share one schedule.
/// </remarks>
internal sealed class MemoryReclaimer
{
    /// <summary>Unpooled bytes a job must allocate before a collection follows it.</summary>
    public const long ThresholdBytes = 64L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Timer _timer;
    private ILogger? _deferredLogger;
    private long _lastCollection;
    private bool _scheduled;
    private int _collections;

    /// <summary>Creates a schedule that collects at most once per <paramref name="minInterval"/>.</summary>
    public MemoryReclaimer(TimeSpan minInterval)
    {
        MinInterval = minInterval;
        _timer = new Timer(_ => CollectDeferred());
    }

    /// <summary>The process's schedule (the collector is process-wide): at most one collection every 2 s.</summary>
    public static MemoryReclaimer Shared { get; } = new(TimeSpan.FromSeconds(2));

    /// <summary>The shortest time between two collections.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>Collections run so far.</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>The count to pass to <see cref="AfterJob"/> once the job is done.</summary>
    public static long BeforeJob() => PooledArrays.UnpooledBytes;

    /// <summary>
    /// Collects now, or schedules a collection, when the job that started at <paramref name="before"/> (from
    /// <see cref="BeforeJob"/>) allocated oversize buffers; call it on the thread that ran the job, after it.
    /// </summary>
    public void AfterJob(long before, ILogger logger)
    {
        if (PooledArrays.UnpooledBytes - before < ThresholdBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (_scheduled)
            {
                return;
            }

            var wait = _lastCollection == 0 ? TimeSpan.Zero : MinInterval - Stopwatch.GetElapsedTime(_lastCollection);
            if (wait > TimeSpan.Zero)
            {
                _scheduled = true;
                _deferredLogger = logger;
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            Collect(logger);
        }
    }

    private void CollectDeferred()
    {
        lock (_gate)
        {
            _scheduled = false;
            Collect(_deferredLogger);
            _deferredLogger = null;
        }
    }

    // Under _gate, so two workers never collect at once.
    private void Collect(ILogger? logger)
    {
        var started = Stopwatch.GetTimestamp();
        var before = Environment.WorkingSet;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _lastCollection = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _collections);
        logger?.LogInformation("Gave back the memory of an oversize request: RSS {BeforeMiB} -> {AfterMiB} MiB in {ElapsedMs:F0} ms",
            before >> 20, Environment.WorkingSet >> 20, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

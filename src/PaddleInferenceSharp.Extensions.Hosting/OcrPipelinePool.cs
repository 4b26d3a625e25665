using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// A fixed set of worker threads, each owning one <see cref="OcrPipeline"/> (and so its own predictors), fed by a
/// bounded queue. A full queue is refused at once (<see cref="OcrPoolRejectedException"/>; a server answers 503)
/// instead of letting latency grow without bound. After a job that needed buffers too large to pool (a page over
/// ~5 megapixels), the worker runs an aggressive full collection (at most one every 2 s) so that the process gives
/// that memory back instead of keeping it for the rest of its life.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="RunAsync{T}"/> may be called from any thread. A pipeline is only ever used by the thread
/// that created it, one request at a time, so predictors are never shared. A job whose token is cancelled while it
/// waits leaves the queue at once, so its place is free for the next call even while every worker is still busy.
/// </remarks>
public sealed class OcrPipelinePool : IDisposable
{
    // The waiting jobs, guarded by _gate; a linked list so that a cancelled job is taken out from anywhere in it.
    private readonly object _gate = new();
    private readonly LinkedList<WorkItem> _queue = new();
    private readonly Thread[] _threads;
    private readonly Func<int, OcrPipeline> _createPipeline;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _loadedCount;
    private int _busy;
    private volatile bool _failed;
    private bool _completed;

    /// <summary>Starts the workers; each loads its pipeline on its own thread (see <see cref="Loaded"/>).</summary>
    /// <param name="workers">Worker threads (and pipelines).</param>
    /// <param name="queueCapacity">Requests that may wait for a worker.</param>
    /// <param name="createPipeline">Creates the pipeline of worker <c>i</c>.</param>
    /// <param name="logger">Receives load and failure messages.</param>
    public OcrPipelinePool(int workers, int queueCapacity, Func<int, OcrPipeline> createPipeline, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _createPipeline = createPipeline;
        _logger = logger;
        QueueCapacity = queueCapacity;
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            var index = i;
            _threads[i] = new Thread(() => Work(index)) { Name = $"ocr-worker-{i}", IsBackground = true };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Sizes the pool to the machine: with neither set, one single-threaded worker per core (throughput beats
    /// intra-op parallelism for whole requests); with one set, the other fills the cores.
    /// </summary>
    /// <param name="workers">Requested workers, 0 for automatic.</param>
    /// <param name="threads">Requested intra-op threads per model, 0 for automatic.</param>
    /// <param name="cores">Logical processors.</param>
    public static (int Workers, int Threads) Size(int workers, int threads, int cores)
    {
        cores = Math.Max(1, cores);
        var w = workers > 0 ? workers : Math.Max(1, cores / Math.Max(1, threads));
        var t = threads > 0 ? threads : Math.Max(1, cores / w);
        return (w, t);
    }

    /// <summary>Requests that may wait for a worker.</summary>
    public int QueueCapacity { get; }

    /// <summary>Completes when every worker has loaded its pipeline; faults when one could not.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>True once every pipeline is loaded and the pool accepts work.</summary>
    public bool IsReady => _loaded.Task.IsCompletedSuccessfully && !Volatile.Read(ref _completed);

    /// <summary>Worker threads.</summary>
    public int Workers => _threads.Length;

    /// <summary>Requests waiting for a worker.</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Workers running a request now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Runs <paramref name="work"/> on a free worker's pipeline.</summary>
    /// <param name="work">The job; gets the worker's pipeline and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">
    /// Cancels the job: one that waits leaves the queue at once and never runs; for one that runs, the returned task
    /// is cancelled at once and the job should observe the token (the pipeline does, between stages and during
    /// inference), since its worker is only free when it returns.
    /// </param>
    /// <exception cref="OcrPoolRejectedException">The queue is full, the pool is still loading, failed to load or is shutting down.</exception>
    public Task<T> RunAsync<T>(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        if (!_loaded.Task.IsCompletedSuccessfully)
        {
            throw _failed
                ? new OcrPoolRejectedException(OcrPoolRejection.LoadFailed, "The OCR pipeline failed to load; see the log.", _loaded.Task.Exception?.InnerException)
                : new OcrPoolRejectedException(OcrPoolRejection.Loading, "The OCR pipeline is still loading; retry shortly.") { RetryAfterSeconds = 5 };
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new WorkItem<T>(work, cancellationToken);
        lock (_gate)
        {
            if (_completed)
            {
                throw new OcrPoolRejectedException(OcrPoolRejection.ShuttingDown, "The server is shutting down.");
            }

            if (_queue.Count >= QueueCapacity)
            {
                throw new OcrPoolRejectedException(OcrPoolRejection.Busy, $"The server is busy: all {_threads.Length} workers are running and {QueueCapacity} requests are queued; retry later.");
            }

            // Registered before a worker can see the job. A token cancelled on another thread meanwhile waits for
            // the lock, then takes the job back out; one cancelled right here runs the callback now (the lock is
            // re-entrant) and the job is not queued at all.
            item.Register(this);
            if (!item.Task.IsCompleted)
            {
                item.Node = _queue.AddLast(item);
                Monitor.Pulse(_gate);
            }
        }

        return item.Task;
    }

    /// <summary>Stops taking work; queued and running requests still finish. Returns when the workers have exited or <paramref name="timeout"/> passed.</summary>
    public bool Drain(TimeSpan timeout)
    {
        CompleteAdding();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var thread in _threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !thread.Join(left))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stops taking work and waits (briefly) for the workers, which dispose their pipelines.</summary>
    public void Dispose()
    {
        if (!Volatile.Read(ref _completed))
        {
            Drain(TimeSpan.FromSeconds(5));
        }
    }

    private void CompleteAdding()
    {
        lock (_gate)
        {
            Volatile.Write(ref _completed, true);
            Monitor.PulseAll(_gate);
        }
    }

    // A job cancelled while it waits leaves the queue (its place is free at once); one already running is only answered.
    private void Cancel(WorkItem item)
    {
        var removed = false;
        lock (_gate)
        {
            if (item.Node is { } node)
            {
                _queue.Remove(node);
                item.Node = null;
                removed = true;
            }
        }

        item.Cancel(removed);
    }

    // The next job, or null once the pool is draining and the queue is empty.
    private WorkItem? Take()
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_completed)
            {
                Monitor.Wait(_gate);
            }

            if (_queue.First is not { } first)
            {
                return null;
            }

            _queue.RemoveFirst();
            first.Value.Node = null;
            return first.Value;
        }
    }

    private void Work(int index)
    {
        OcrPipeline pipeline;
        try
        {
            pipeline = _createPipeline(index);
        }
        catch (Exception ex)
        {
            _failed = true;
            _logger.LogError(ex, "Worker {Worker} could not load the OCR pipeline", index);
            _loaded.TrySetException(ex);
            CompleteAdding();
            return;
        }

        using (pipeline)
        {
            if (Interlocked.Increment(ref _loadedCount) == _threads.Length)
            {
                _logger.LogInformation("{Workers} OCR workers ready", _threads.Length);
                _loaded.TrySetResult();
            }

            while (Take() is { } item)
            {
                Interlocked.Increment(ref _busy);
                var unpooled = MemoryReclaimer.BeforeJob();
                try
                {
                    item.Run(pipeline);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }

                // The job's buffers are garbage now; an oversize page's are given back before the next job.
                MemoryReclaimer.Shared.AfterJob(unpooled, _logger);
            }
        }
    }

    private abstract class WorkItem
    {
        // The job's place in the queue while it waits; null once taken or cancelled (guarded by the pool's lock).
        public LinkedListNode<WorkItem>? Node { get; set; }

        public abstract void Run(OcrPipeline pipeline);

        public abstract void Cancel(bool removed);
    }

    private sealed class WorkItem<T>(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken) : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Func<OcrPipeline, CancellationToken, T>? _work = work;
        private CancellationTokenRegistration _registration;

        public Task<T> Task => _completion.Task;

        // A caller that gives up (timeout, client gone) is answered at once, waiting or running.
        public void Register(OcrPipelinePool pool) =>
            _registration = cancellationToken.Register(static state =>
            {
                var (pool, item) = ((OcrPipelinePool, WorkItem))state!;
                pool.Cancel(item);
            }, (pool, (WorkItem)this));

        public override void Cancel(bool removed)
        {
            if (removed)
            {
                // The job never runs: let go of what it holds (an input buffer, say) now rather than with the queue.
                _work = null;
            }

            _completion.TrySetCanceled(cancellationToken);
        }

        public override void Run(OcrPipeline pipeline)
        {
            try
            {
                if (cancellationToken.IsCancellationRequested || _work is not { } job)
                {
                    _completion.TrySetCanceled(cancellationToken);
                    return;
                }

                _completion.TrySetResult(job(pipeline, cancellationToken));
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
            finally
            {
                _work = null;
                _registration.Dispose();
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// A fixed set of worker threads, each owning one <see cref="OcrPipeline"/> (and so its own predictors), fed by a
/// bounded queue. A full queue is refused at once (<see cref="OcrPoolRejectedException"/>; a server answers 503)
/// instead of letting latency grow without bound.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="RunAsync{T}"/> may be called from any thread. A pipeline is only ever used by the thread
/// that created it, one request at a time, so predictors are never shared.
/// </remarks>
public sealed class OcrPipelinePool : IDisposable
{
    private readonly BlockingCollection<WorkItem> _queue;
    private readonly Thread[] _threads;
    private readonly Func<int, OcrPipeline> _createPipeline;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _loadedCount;
    private int _busy;
    private volatile bool _failed;

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
        _queue = new BlockingCollection<WorkItem>(new ConcurrentQueue<WorkItem>(), queueCapacity);
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
    public int QueueCapacity => _queue.BoundedCapacity;

    /// <summary>Completes when every worker has loaded its pipeline; faults when one could not.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>True once every pipeline is loaded and the pool accepts work.</summary>
    public bool IsReady => _loaded.Task.IsCompletedSuccessfully && !_queue.IsAddingCompleted;

    /// <summary>Worker threads.</summary>
    public int Workers => _threads.Length;

    /// <summary>Requests waiting for a worker.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Workers running a request now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Runs <paramref name="work"/> on a free worker's pipeline.</summary>
    /// <param name="work">The job; gets the worker's pipeline and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the job while it waits or runs.</param>
    /// <exception cref="OcrPoolRejectedException">The queue is full, the pool is still loading, failed to load or is shutting down.</exception>
    public Task<T> RunAsync<T>(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        if (!_loaded.Task.IsCompletedSuccessfully)
        {
            throw _failed
                ? new OcrPoolRejectedException(OcrPoolRejection.LoadFailed, "The OCR pipeline failed to load; see the log.", _loaded.Task.Exception?.InnerException)
                : new OcrPoolRejectedException(OcrPoolRejection.Loading, "The OCR pipeline is still loading; retry shortly.") { RetryAfterSeconds = 5 };
        }

        var item = new WorkItem<T>(work, cancellationToken);
        bool added;
        try
        {
            added = _queue.TryAdd(item);
        }
        catch (InvalidOperationException)
        {
            throw new OcrPoolRejectedException(OcrPoolRejection.ShuttingDown, "The server is shutting down.");
        }

        if (!added)
        {
            throw new OcrPoolRejectedException(OcrPoolRejection.Busy, $"The server is busy: all {_threads.Length} workers are running and {_queue.BoundedCapacity} requests are queued; retry later.");
        }

        return item.Task;
    }

    /// <summary>Stops taking work; queued and running requests still finish. Returns when the workers have exited or <paramref name="timeout"/> passed.</summary>
    public bool Drain(TimeSpan timeout)
    {
        _queue.CompleteAdding();
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
        if (!_queue.IsAddingCompleted)
        {
            Drain(TimeSpan.FromSeconds(5));
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
            _queue.CompleteAdding();
            return;
        }

        using (pipeline)
        {
            if (Interlocked.Increment(ref _loadedCount) == _threads.Length)
            {
                _logger.LogInformation("{Workers} OCR workers ready", _threads.Length);
                _loaded.TrySetResult();
            }

            foreach (var item in _queue.GetConsumingEnumerable())
            {
                Interlocked.Increment(ref _busy);
                try
                {
                    item.Run(pipeline);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            }
        }
    }

    private abstract class WorkItem
    {
        public abstract void Run(OcrPipeline pipeline);
    }

    private sealed class WorkItem<T> : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Func<OcrPipeline, CancellationToken, T> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;

        public WorkItem(Func<OcrPipeline, CancellationToken, T> work, CancellationToken cancellationToken)
        {
            _work = work;
            _cancellationToken = cancellationToken;

            // A caller that gives up (timeout, client gone) is answered at once; the worker skips the item later.
            _registration = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
        }

        public Task<T> Task => _completion.Task;

        public override void Run(OcrPipeline pipeline)
        {
            try
            {
                if (_cancellationToken.IsCancellationRequested)
                {
                    _completion.TrySetCanceled(_cancellationToken);
                    return;
                }

                _completion.TrySetResult(_work(pipeline, _cancellationToken));
            }
            catch (OperationCanceledException ex) when (_cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
            finally
            {
                _registration.Dispose();
            }
        }
    }
}

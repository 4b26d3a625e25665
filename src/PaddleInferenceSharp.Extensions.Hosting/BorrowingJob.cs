using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// A pool job that borrows its input (a caller's memory, a rented buffer). The pool answers a cancelled caller at
/// once, even while a worker still reads the input; <see cref="Settled"/> completes only once the job has run to its
/// end or is known never to start, and the input's release runs exactly once, on whichever side is last to use it.
/// </summary>
/// <remarks>Thread-safety: <see cref="Run"/> runs on a worker and <see cref="Abandon"/> on the caller's side, in either order.</remarks>
internal sealed class BorrowingJob<T>(Func<OcrPipeline, CancellationToken, T> work, Action? release)
{
    private const int Pending = 0;
    private const int Running = 1;
    private const int Done = 2;

    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Completes when the job has finished or will never start.</summary>
    public Task Settled => _settled.Task;

    /// <summary>The pool's job: runs <c>work</c> unless the caller abandoned it first, then releases the input.</summary>
    public T Run(OcrPipeline pipeline, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Pending) != Pending)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        try
        {
            return work(pipeline, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _state, Done);
            release?.Invoke();
            _settled.TrySetResult();
        }
    }

    /// <summary>Marks a job that has not started as never to start and releases its input; a running job is left to end.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Done, Pending) == Pending)
        {
            release?.Invoke();
            _settled.TrySetResult();
        }
    }
}

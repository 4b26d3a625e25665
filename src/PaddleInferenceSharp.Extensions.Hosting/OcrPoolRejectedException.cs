namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>Why <see cref="OcrPipelinePool"/> refused work.</summary>
public enum OcrPoolRejection
{
    /// <summary>Every worker is busy and the queue is full; retry later.</summary>
    Busy,

    /// <summary>The pipelines are still loading; retry shortly.</summary>
    Loading,

    /// <summary>A pipeline could not be loaded (the inner exception says why); the pool will not serve.</summary>
    LoadFailed,

    /// <summary>The pool is shutting down.</summary>
    ShuttingDown,
}

/// <summary>The pool did not take the work (a server answers 503 with <c>Retry-After</c>).</summary>
public sealed class OcrPoolRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the work was refused.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The load failure, for <see cref="OcrPoolRejection.LoadFailed"/>.</param>
    public OcrPoolRejectedException(OcrPoolRejection reason, string message, Exception? innerException = null) : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the work was refused.</summary>
    public OcrPoolRejection Reason { get; }

    /// <summary>Seconds after which a retry may succeed, or null for the caller's default.</summary>
    public int? RetryAfterSeconds { get; init; }
}

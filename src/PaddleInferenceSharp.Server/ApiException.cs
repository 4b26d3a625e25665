namespace PaddleInferenceSharp.Server;

/// <summary>
/// A request that cannot be served, answered with PaddleX's error envelope: <c>errorCode</c> is the HTTP status and
/// <c>errorMsg</c> the message.
/// </summary>
public sealed class ApiException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="statusCode">The HTTP status (and <c>errorCode</c>).</param>
    /// <param name="message">What is wrong and, where it helps, what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Seconds for the <c>Retry-After</c> header (503 answers), or null.</summary>
    public int? RetryAfterSeconds { get; init; }
}

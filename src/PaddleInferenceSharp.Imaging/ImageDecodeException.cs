namespace PaddleInferenceSharp.Imaging;

/// <summary>An image could not be decoded: truncated, corrupt, unsupported or over the configured limits.</summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImageDecodeException(string source, string problem, Exception? innerException = null)
        : base($"Cannot decode image '{source}': {problem}", innerException)
    {
        Source = source;
        Problem = problem;
    }

    /// <summary>The file name or description of the input.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with the input.</summary>
    public string Problem { get; }
}

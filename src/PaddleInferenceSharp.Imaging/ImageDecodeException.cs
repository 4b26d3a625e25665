namespace PaddleInferenceSharp.Imaging;

/// <summary>An image could not be decoded: truncated, corrupt, unsupported or over the configured limits.</summary>
/// <remarks>PDF inputs fail with the derived <see cref="PdfDecodeException"/>, so one catch covers every input.</remarks>
public class ImageDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImageDecodeException(string source, string problem, Exception? innerException = null)
        : this($"Cannot decode image '{source}': {problem}", source, problem, innerException)
    {
    }

    /// <summary>Creates the exception with a message worded by a derived type.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected ImageDecodeException(string message, string source, string problem, Exception? innerException)
        : base(message, innerException)
    {
        Source = source;
        Problem = problem;
    }

    /// <summary>The file name or description of the input.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with the input.</summary>
    public string Problem { get; }
}

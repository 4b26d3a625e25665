using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Models;

/// <summary>A Paddle model file is corrupt, truncated, or uses something this reader or converter does not support.</summary>
public sealed class PaddleModelFormatException : ModelLoadException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was found, where, and what was expected.</param>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="offset">The byte offset in the file, when known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PaddleModelFormatException(string message, string filePath, long? offset = null, Exception? innerException = null)
        : base(message, filePath, innerException)
    {
        Offset = offset;
    }

    /// <summary>The byte offset in <see cref="ModelLoadException.ModelPath"/> where the problem was found, when known.</summary>
    public long? Offset { get; }
}

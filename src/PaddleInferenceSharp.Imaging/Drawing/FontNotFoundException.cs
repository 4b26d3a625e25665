namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>No usable font file was found, or a font file could not be opened.</summary>
public sealed class FontNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was looked for, what was tried and what to do.</param>
    /// <param name="fontPath">The font file concerned, if one was named.</param>
    public FontNotFoundException(string message, string? fontPath = null) : base(message) => FontPath = fontPath;

    /// <summary>The font file concerned, or null when none was found.</summary>
    public string? FontPath { get; }
}

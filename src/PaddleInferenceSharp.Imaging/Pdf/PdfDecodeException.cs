namespace PaddleInferenceSharp.Imaging;

/// <summary>A PDF could not be rendered: not a PDF, damaged, encrypted, or over the configured page, size or file limits.</summary>
public sealed class PdfDecodeException : ImageDecodeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or description of the document.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="pageIndex">The 0-based page the problem concerns, if one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PdfDecodeException(string source, string problem, int? pageIndex = null, Exception? innerException = null)
        : base(pageIndex is null ? $"Cannot read PDF '{source}': {problem}" : $"Cannot render page {pageIndex} of PDF '{source}': {problem}", source, problem, innerException)
    {
        PageIndex = pageIndex;
    }

    /// <summary>The 0-based page index the problem concerns, or null for the whole document.</summary>
    public int? PageIndex { get; }
}

namespace PaddleInferenceSharp.Imaging;

/// <summary>How PDF pages are rendered to images, and the limits applied to untrusted documents.</summary>
public sealed record PdfRenderOptions
{
    /// <summary>PaddleX's defaults: zoom 2 (144 dpi), every page, at most 1000 pages.</summary>
    public static PdfRenderOptions Default { get; } = new();

    /// <summary>
    /// Pixels per PDF point (1/72 inch). PaddleX's PDF reader renders with pypdfium2 at <c>scale=2.0</c>, so 2 by default.
    /// </summary>
    public double Zoom { get; init; } = 2.0;

    /// <summary>The same as <see cref="Zoom"/> in dots per inch (<c>Zoom x 72</c>; 144 by default).</summary>
    public double Dpi
    {
        get => Zoom * 72.0;
        init => Zoom = value / 72.0;
    }

    /// <summary>The 0-based indices of the pages to render, in the order given; null renders every page in order.</summary>
    public IReadOnlyList<int>? PageIndices { get; init; }

    /// <summary>The most pages one document may yield (after <see cref="PageIndices"/>); more is an error, not a silent cut.</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>The largest rendered page, in pixels (width x height), checked before any pixel memory is allocated.</summary>
    public long MaxPagePixels { get; init; } = 200_000_000;

    /// <summary>The largest accepted PDF file, in bytes (512 MiB by default).</summary>
    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The password of an encrypted document, or null.</summary>
    public string? Password { get; init; }
}

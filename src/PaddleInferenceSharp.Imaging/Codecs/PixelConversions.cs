namespace PaddleInferenceSharp.Imaging;

/// <summary>Row conversions from other channel layouts to BGR.</summary>
internal static class PixelConversions
{
    /// <summary>Converts one row of <paramref name="format"/> pixels to BGR; alpha is dropped as OpenCV's IMREAD_COLOR does.</summary>
    public static void ToBgr(ReadOnlySpan<byte> source, Span<byte> bgr, PixelFormat format)
    {
        var width = bgr.Length / 3;
        if (format == PixelFormat.Bgr24)
        {
            source[..(width * 3)].CopyTo(bgr);
            return;
        }

        // Bytes per source pixel and where B, G and R sit in it.
        var (step, b, g, r) = format switch
        {
            PixelFormat.Gray8 => (1, 0, 0, 0),
            PixelFormat.Rgb24 => (3, 2, 1, 0),
            PixelFormat.Bgra32 => (4, 0, 1, 2),
            PixelFormat.Rgba32 => (4, 2, 1, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
        };
        Shuffle(source, bgr, width, step, b, g, r);
    }

    // bgr[3x + c] = source[step·x + offset of c], for c = B, G, R.
    private static void Shuffle(ReadOnlySpan<byte> source, Span<byte> bgr, int width, int step, int b, int g, int r)
    {
        for (var x = 0; x < width; x++)
        {
            var at = step * x;
            bgr[3 * x] = source[at + b];
            bgr[3 * x + 1] = source[at + g];
            bgr[3 * x + 2] = source[at + r];
        }
    }
}

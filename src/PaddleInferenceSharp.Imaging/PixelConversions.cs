namespace PaddleInferenceSharp.Imaging;

/// <summary>Row conversions from other channel layouts to BGR.</summary>
internal static class PixelConversions
{
    /// <summary>Converts one row of <paramref name="format"/> pixels to BGR; alpha is dropped as OpenCV's IMREAD_COLOR does.</summary>
    public static void ToBgr(ReadOnlySpan<byte> source, Span<byte> bgr, PixelFormat format)
    {
        var width = bgr.Length / 3;
        switch (format)
        {
            case PixelFormat.Bgr24:
                source[..(width * 3)].CopyTo(bgr);
                break;
            case PixelFormat.Gray8:
                for (var x = 0; x < width; x++)
                {
                    var g = source[x];
                    bgr[3 * x] = g;
                    bgr[3 * x + 1] = g;
                    bgr[3 * x + 2] = g;
                }

                break;
            case PixelFormat.Rgb24:
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = source[3 * x + 2];
                    bgr[3 * x + 1] = source[3 * x + 1];
                    bgr[3 * x + 2] = source[3 * x];
                }

                break;
            case PixelFormat.Bgra32:
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = source[4 * x];
                    bgr[3 * x + 1] = source[4 * x + 1];
                    bgr[3 * x + 2] = source[4 * x + 2];
                }

                break;
            case PixelFormat.Rgba32:
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = source[4 * x + 2];
                    bgr[3 * x + 1] = source[4 * x + 1];
                    bgr[3 * x + 2] = source[4 * x];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format.");
        }
    }
}

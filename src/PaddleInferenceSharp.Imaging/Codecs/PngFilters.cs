namespace PaddleInferenceSharp.Imaging;

/// <summary>PNG's five scanline filter types (None, Sub, Up, Average, Paeth), undone on decoded rows.</summary>
internal static class PngFilters
{
    /// <summary>Undoes the filter of one scanline in place (<paramref name="prior"/>: the unfiltered line above, zeros for the first).</summary>
    /// <exception cref="ImageDecodeException">An unknown filter type; the message names <paramref name="source"/> and the row.</exception>
    public static void Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> prior, int bpp, string source, int y)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = bpp; i < line.Length; i++)
                {
                    line[i] += line[i - bpp];
                }

                break;
            case 2:
                for (var i = 0; i < line.Length; i++)
                {
                    line[i] += prior[i];
                }

                break;
            case 3:
                for (var i = 0; i < bpp && i < line.Length; i++)
                {
                    line[i] += (byte)(prior[i] >> 1);
                }

                for (var i = bpp; i < line.Length; i++)
                {
                    line[i] += (byte)((line[i - bpp] + prior[i]) >> 1);
                }

                break;
            case 4:
                for (var i = 0; i < bpp && i < line.Length; i++)
                {
                    line[i] += prior[i];
                }

                for (var i = bpp; i < line.Length; i++)
                {
                    line[i] += Paeth(line[i - bpp], prior[i], prior[i - bpp]);
                }

                break;
            default:
                throw new ImageDecodeException(source, $"corrupt: unknown filter type {filter} at row {y}");
        }
    }

    // PNG's Paeth predictor: the neighbour (left, up, up-left) nearest to left + up - up-left, ties in that order.
    private static byte Paeth(byte a, byte b, byte c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

namespace PaddleInferenceSharp.Imaging;

/// <summary>Container formats recognised by their leading bytes.</summary>
public enum ImageFormat
{
    /// <summary>Not recognised.</summary>
    Unknown,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>JPEG (JFIF/Exif).</summary>
    Jpeg,
    /// <summary>Windows bitmap.</summary>
    Bmp,
    /// <summary>TIFF or BigTIFF.</summary>
    Tiff,
    /// <summary>WebP.</summary>
    WebP,
    /// <summary>GIF.</summary>
    Gif,
    /// <summary>PDF (a document, not an image; rendered page by page).</summary>
    Pdf,
}

/// <summary>Sniffs the format of encoded data.</summary>
public static class ImageFormatDetector
{
    /// <summary>The format whose signature starts <paramref name="data"/>.</summary>
    public static ImageFormat Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith("BM"u8))
        {
            return ImageFormat.Bmp;
        }

        // Classic TIFF and BigTIFF (version 43), either byte order.
        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8) || data.StartsWith("II+\0"u8) || data.StartsWith("MM\0+"u8))
        {
            return ImageFormat.Tiff;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        if (data.StartsWith("GIF8"u8))
        {
            return ImageFormat.Gif;
        }

        if (data.StartsWith("%PDF-"u8))
        {
            return ImageFormat.Pdf;
        }

        return ImageFormat.Unknown;
    }
}

namespace PaddleInferenceSharp.Imaging;

/// <summary>Decodes encoded images to <see cref="BgrImage"/>, the way OpenCV's <c>imread(IMREAD_COLOR)</c> reads them for PaddleX.</summary>
/// <remarks>Thread-safe.</remarks>
public static class ImageDecoder
{
    /// <summary>Reads and decodes an image file.</summary>
    /// <exception cref="ImageDecodeException">The file is missing, empty, truncated, corrupt, unsupported or too large.</exception>
    public static BgrImage DecodeFile(string path, DecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, ex.Message, ex);
        }

        return Decode(data, path, options);
    }

    /// <summary>Decodes an image held in memory.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="sourceName">A name for error messages (file name, URL, "request body").</param>
    /// <param name="options">Limits; <see cref="DecodeOptions.Default"/> when null.</param>
    /// <exception cref="ImageDecodeException">The data is empty, truncated, corrupt, unsupported or too large.</exception>
    public static BgrImage Decode(ReadOnlyMemory<byte> data, string sourceName, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(sourceName, "the data is empty (0 bytes)");
        }

        return ImageFormatDetector.Detect(data.Span) switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, sourceName, options),
            ImageFormat.Jpeg => DecodeJpeg(data, sourceName, options),
            ImageFormat.Bmp => BmpDecoder.Decode(data, sourceName, options),
            ImageFormat.Tiff => TiffDecoder.Decode(data, sourceName, options),
            ImageFormat.WebP => WebPDecoder.Decode(data, sourceName, options),
            ImageFormat.Pdf => throw new ImageDecodeException(sourceName, "a PDF is a document, not an image: open it with PdfDocument (or OcrPipeline.PredictPages)"),
            ImageFormat.Unknown => throw new ImageDecodeException(sourceName, $"unrecognised format (first bytes {Convert.ToHexString(data.Span[..Math.Min(8, data.Length)])}); {Supported}"),
            var other => throw new ImageDecodeException(sourceName, $"{other} images are not supported; {Supported}"),
        };
    }

    private const string Supported = "supported: PNG, JPEG, BMP, TIFF, WebP (and PDF through PdfDocument)";

    private static BgrImage DecodeJpeg(ReadOnlyMemory<byte> data, string sourceName, DecodeOptions options)
    {
        var image = JpegDecoder.Decode(data, sourceName, options);
        return options.ApplyExifOrientation ? ExifOrientation.Apply(image, ExifOrientation.ReadFromJpeg(data.Span)) : image;
    }

    /// <summary>Throws when the declared size is invalid or over <see cref="DecodeOptions.MaxPixels"/>.</summary>
    internal static void CheckSize(string sourceName, long width, long height, DecodeOptions options)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(sourceName, $"invalid declared size {width}x{height}");
        }

        if (width * height > options.MaxPixels)
        {
            throw new ImageDecodeException(sourceName, $"declared size {width}x{height} ({width * height} pixels) exceeds the limit of {options.MaxPixels} pixels");
        }
    }
}

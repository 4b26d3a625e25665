using PaddleInferenceSharp.Native;

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

        // The file is read into a pooled buffer: most image files are over the 85 KB at which a new array would land
        // on the large-object heap, which only full collections clean.
        byte[]? buffer = null;
        try
        {
            int length;
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                var size = RandomAccess.GetLength(handle);
                if (size > Array.MaxLength)
                {
                    throw new ImageDecodeException(path, $"the file is too large to decode ({size} bytes)");
                }

                buffer = PooledArrays.Rent<byte>((int)Math.Max(size, 1));
                length = 0;
                int read;
                while (length < size && (read = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length)) > 0)
                {
                    length += read;
                }
            }

            return Decode(buffer.AsMemory(0, length), path, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, ex.Message, ex);
        }
        finally
        {
            if (buffer is not null)
            {
                PooledArrays.Return(buffer);
            }
        }
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

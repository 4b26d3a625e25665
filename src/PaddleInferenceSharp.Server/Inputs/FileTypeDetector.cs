using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>Infers <c>fileType</c> when a request leaves it out: from the URL's file name (as PaddleX does), else from the content.</summary>
internal static class FileTypeDetector
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".tif", ".tiff", ".webp", ".gif", ".jp2", ".pbm", ".pgm", ".ppm"];

    /// <summary>PaddleX's <c>infer_file_type</c>: the MIME type guessed from the last path segment (image/* or application/pdf).</summary>
    public static FileKind? FromUrl(Uri url)
    {
        var extension = Path.GetExtension(url.AbsolutePath).ToLowerInvariant();
        if (extension == ".pdf")
        {
            return FileKind.Pdf;
        }

        return Array.IndexOf(ImageExtensions, extension) >= 0 ? FileKind.Image : null;
    }

    /// <summary>From the first bytes: <c>%PDF-</c> (anywhere in the first KiB, as readers allow) is a PDF; a known image signature is an image.</summary>
    public static FileKind? FromContent(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(data.Length, 1024)];
        if (head.IndexOf("%PDF-"u8) >= 0)
        {
            return FileKind.Pdf;
        }

        return ImageFormatDetector.Detect(data) != ImageFormat.Unknown ? FileKind.Image : null;
    }
}

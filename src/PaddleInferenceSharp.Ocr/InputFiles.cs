using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Expands OCR inputs: files and http(s) URLs (<see cref="Inputs.UrlFetcher.IsUrl"/>) stay as they are, directories
/// give their image and PDF files in name order.
/// </summary>
public static class InputFiles
{
    /// <summary>File extensions taken from directories.</summary>
    public static IReadOnlySet<string> Extensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".pdf" };

    /// <summary>The files to process, in order.</summary>
    /// <exception cref="FileNotFoundException">An input is neither a URL, a file nor a directory.</exception>
    public static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            if (Inputs.UrlFetcher.IsUrl(input))
            {
                yield return input;
            }
            else if (Directory.Exists(input))
            {
                var files = Directory.GetFiles(input)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)))
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToArray();
                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else if (File.Exists(input))
            {
                yield return input;
            }
            else
            {
                throw new FileNotFoundException($"Input '{input}' is neither a file, a directory nor an http(s) URL.", input);
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> holds a PDF, by its content (a PDF named .png is still a PDF); false when it cannot be read.</summary>
    internal static bool IsPdf(string path)
    {
        Span<byte> head = stackalloc byte[5];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && ImageFormatDetector.Detect(head) == ImageFormat.Pdf;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The decoder reports the problem with the file's name.
            return false;
        }
    }
}

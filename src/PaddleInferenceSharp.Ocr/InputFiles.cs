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
}

using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>Reads recognition dictionaries: one character (or token) per line, as PaddleOCR reads them.</summary>
public static class RecognitionDictionary
{
    /// <summary>Reads a dictionary file; only the line break of each line is removed (spaces are characters).</summary>
    /// <exception cref="ModelLoadException">The file cannot be read or is empty.</exception>
    public static IReadOnlyList<string> ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"Cannot read recognition dictionary '{path}': {ex.Message}", path, ex);
        }

        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i]);
        }

        if (result.Count == 0)
        {
            throw new ModelLoadException($"Recognition dictionary '{path}' is empty.", path);
        }

        return result;
    }
}

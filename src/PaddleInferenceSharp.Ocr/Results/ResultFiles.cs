using System.Text;
using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// How PaddleX's results name the files they save: <c>save_to_json</c> writes <c>&lt;stem&gt;_res.json</c> into a
/// directory (or to a <c>.json</c> path as given), <c>save_to_img</c> writes <c>&lt;stem&gt;_&lt;key&gt;&lt;ext&gt;</c>
/// (or to an image path as given); the stem is the input file's, plus <c>_&lt;page&gt;</c> for PDF pages.
/// </summary>
internal static class ResultFiles
{
    /// <summary>The stem of the output files: the input file's stem (<c>res</c> for in-memory input), plus <c>_&lt;page&gt;</c> for PDF pages.</summary>
    public static string Stem(string? inputPath, int? pageIndex)
    {
        var stem = inputPath is null ? "res" : Path.GetFileNameWithoutExtension(inputPath);
        return pageIndex is null ? stem : $"{stem}_{pageIndex}";
    }

    /// <summary>Writes <paramref name="json"/> as Python's <c>json.dump</c> to <paramref name="path"/> (a <c>.json</c> file) or to <c>&lt;path&gt;/&lt;stem&gt;_res.json</c>; returns the file.</summary>
    public static string WriteJson(string path, string stem, JsonObject json, int indent, bool ensureAscii)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : Path.Combine(path, stem + "_res.json");
        CreateParent(file);
        File.WriteAllText(file, PythonJson.Serialize(json, indent, ensureAscii), new UTF8Encoding(false));
        return file;
    }

    /// <summary>Whether <paramref name="path"/> names an image file to write to (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>) rather than a directory.</summary>
    public static bool IsImageFile(string path) => ImageEncoder.CanEncode(Path.GetExtension(path));

    /// <summary>
    /// The extension of saved images: the input's when it is <c>.png</c> or <c>.jpg</c>/<c>.jpeg</c>, else <c>.png</c>
    /// (PaddleX keeps other image extensions too; only PNG and JPEG are written here).
    /// </summary>
    public static string ImageExtension(string? inputPath)
    {
        var extension = inputPath is null ? string.Empty : Path.GetExtension(inputPath);
        return extension.Length > 0 && ImageEncoder.CanEncode(extension) ? extension : ".png";
    }

    /// <summary>Creates the directory <paramref name="file"/> goes into.</summary>
    public static void CreateParent(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }
}

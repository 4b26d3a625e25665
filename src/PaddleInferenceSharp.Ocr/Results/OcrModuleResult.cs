using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// The result of one <see cref="OcrModule"/> on one image or PDF page, with PaddleX's module result fields:
/// <see cref="TextDetectionResult"/>, <see cref="TextRecognitionResult"/>, <see cref="ClassificationResult"/> or
/// <see cref="UnwarpingResult"/>. Printed and saved as PaddleX's <c>res.print()</c>, <c>save_to_json</c> and
/// <c>save_to_img</c>.
/// </summary>
/// <remarks>
/// A result holds pooled images (<see cref="InputImage"/>, and the unwarped page of an <see cref="UnwarpingResult"/>):
/// <see cref="Dispose"/> returns them early, else the garbage collector reclaims them. Copies made with <c>with</c>
/// share them. Not thread-safe for disposal while another thread renders.
/// </remarks>
public abstract record OcrModuleResult : IDisposable
{
    /// <summary>PaddleX's key of a module's result image, and of the saved JSON (<c>res</c>).</summary>
    public const string ResultKey = "res";

    /// <summary>The input file, or null for in-memory input (<c>input_path</c>).</summary>
    public string? InputPath { get; init; }

    /// <summary>The PDF page (0-based), or null for images (<c>page_index</c>).</summary>
    public int? PageIndex { get; init; }

    /// <summary>The image the module ran on, kept for <see cref="RenderImage"/> (null when <see cref="OcrModuleOptions.RetainImages"/> was off).</summary>
    public BgrImage? InputImage { get; init; }

    /// <summary>The result as PaddleX's <c>save_to_json</c> writes it (without the outer <c>res</c> key).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["input_path"] = InputPath, ["page_index"] = PageIndex };
        AddFields(json);
        return json;
    }

    /// <summary>The result as text, like PaddleX's <c>res.print(format_json=True, indent, ensure_ascii)</c>: wrapped in <c>{"res": ...}</c>.</summary>
    public string ToJsonString(int? indent = 4, bool ensureAscii = false) =>
        PythonJson.Serialize(new JsonObject { [ResultKey] = ToJson() }, indent, ensureAscii);

    /// <summary>Prints the result like PaddleX's <c>res.print()</c>: <c>{"res": {...}}</c>, indented JSON or one line.</summary>
    /// <param name="writer">Where to print; the console when null.</param>
    /// <param name="formatJson">Indented (true) or single-line (false) JSON.</param>
    /// <param name="indent">Spaces per level when indented.</param>
    /// <param name="ensureAscii">Escape non-ASCII characters.</param>
    public void Print(TextWriter? writer = null, bool formatJson = true, int indent = 4, bool ensureAscii = false) =>
        (writer ?? Console.Out).WriteLine(ToJsonString(formatJson ? indent : null, ensureAscii));

    /// <summary>Writes the result to a JSON file as PaddleX's <c>save_to_json</c>.</summary>
    /// <param name="path">A <c>.json</c> file, or a directory that receives <c>&lt;stem&gt;_res.json</c>.</param>
    /// <param name="indent">Spaces per level (PaddleX: 4).</param>
    /// <param name="ensureAscii">Escape non-ASCII characters (PaddleX: false).</param>
    /// <returns>The file written.</returns>
    public string SaveToJson(string path, int indent = 4, bool ensureAscii = false) =>
        ResultFiles.WriteJson(path, OutputStem(), ToJson(), indent, ensureAscii);

    /// <summary>Draws the result image as PaddleX's <c>res.img["res"]</c>; the caller disposes it.</summary>
    /// <param name="fontPath">The font of drawn texts (<c>file</c> or <c>file.ttc:index</c>); found by <see cref="FontLocator"/> when null. Detection and unwarping draw no text.</param>
    /// <exception cref="InvalidOperationException">The result holds no input image (<see cref="OcrModuleOptions.RetainImages"/> was off).</exception>
    /// <exception cref="FontNotFoundException">The result draws text and no CJK-capable font is installed or configured.</exception>
    public abstract BgrImage RenderImage(string? fontPath = null);

    /// <summary>
    /// Saves the result image as PaddleX's <c>save_to_img</c>: into a directory as <c>&lt;stem&gt;_res.&lt;ext&gt;</c>,
    /// the extension being the input's when it is <c>.png</c> or <c>.jpg</c>/<c>.jpeg</c> and <c>.png</c> otherwise; or
    /// to <paramref name="path"/> itself when it is a <c>.png</c>/<c>.jpg</c> file.
    /// </summary>
    /// <param name="path">A directory, or an image file name.</param>
    /// <param name="fontPath">The font of drawn texts; found by <see cref="FontLocator"/> when null.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="InvalidOperationException">The result holds no input image (<see cref="OcrModuleOptions.RetainImages"/> was off).</exception>
    /// <exception cref="FontNotFoundException">The result draws text and no CJK-capable font is installed or configured.</exception>
    public string SaveToImg(string path, string? fontPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var image = RenderImage(fontPath);
        var file = ResultFiles.IsImageFile(path) ? path : Path.Combine(path, $"{OutputStem()}_{ResultKey}{ResultFiles.ImageExtension(InputPath)}");
        ResultFiles.CreateParent(file);
        ImageEncoder.Save(image, file);
        return file;
    }

    /// <summary>The stem PaddleX names output files with: the input file's stem, plus <c>_&lt;page&gt;</c> for PDF pages.</summary>
    public string OutputStem() => ResultFiles.Stem(InputPath, PageIndex);

    /// <summary>Returns the held images to the pool. Idempotent.</summary>
    public virtual void Dispose()
    {
        InputImage?.Dispose();
    }

    /// <summary>Adds the module's fields after <c>input_path</c> and <c>page_index</c>, in PaddleX's order.</summary>
    private protected abstract void AddFields(JsonObject json);

    /// <summary>The kept input image, or an error naming the input and the option that dropped it.</summary>
    private protected BgrImage RequireInputImage() => InputImage ?? throw new InvalidOperationException(
        $"The result of '{InputPath ?? "in-memory input"}' holds no input image: the module ran with RetainImages off.");
}

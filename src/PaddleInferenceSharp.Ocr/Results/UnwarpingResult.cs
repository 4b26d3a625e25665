using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// The result of the text image unwarping module (PaddleX's <c>DocTrResult</c>): the flattened page
/// (<c>doctr_img</c>), saved by <see cref="OcrModuleResult.SaveToImg"/>.
/// </summary>
/// <remarks>
/// The JSON writes <c>"doctr_img": "..."</c>, as PaddleX's <c>print()</c> shows it. PaddleX's <c>save_to_json</c>
/// writes the page as a nested height x width x 3 array of numbers (tens of megabytes with indentation for a page);
/// that array is not written here: the page is the image file.
/// </remarks>
public sealed record UnwarpingResult : OcrModuleResult
{
    /// <summary>The unwarped page, the size of the input (<c>doctr_img</c>).</summary>
    public required BgrImage DoctrImg { get; init; }

    /// <summary>A copy of <see cref="DoctrImg"/> (PaddleX's <c>res.img["res"]</c>); the caller disposes it.</summary>
    public override BgrImage RenderImage(string? fontPath = null) => DoctrImg.Clone();

    /// <summary>Returns the unwarped page (and the input image, if kept) to the pool. Idempotent.</summary>
    public override void Dispose()
    {
        DoctrImg.Dispose();
        base.Dispose();
    }

    private protected override void AddFields(JsonObject json) => json["doctr_img"] = "...";
}

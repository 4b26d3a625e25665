using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>The result of the text recognition module (PaddleX's <c>TextRecResult</c>): <c>rec_text</c> and <c>rec_score</c>.</summary>
public sealed record TextRecognitionResult : OcrModuleResult
{
    /// <summary>The recognised text of the line image (<c>rec_text</c>).</summary>
    public required string RecText { get; init; }

    /// <summary>The mean probability of its characters, 0 for an empty text (<c>rec_score</c>).</summary>
    public required float RecScore { get; init; }

    /// <summary>The line image with <c>"text (score)"</c> written on a white strip below it, as PaddleX's <c>TextRecResult</c> draws it.</summary>
    public override BgrImage RenderImage(string? fontPath = null)
    {
        var input = RequireInputImage();
        var location = FontLocator.Locate(fontPath);
        using var font = FontFace.Open(location.Path, location.FaceIndex);
        return ModuleResultRenderer.DrawRecognition(input, RecText, RecScore, font);
    }

    private protected override void AddFields(JsonObject json)
    {
        json["rec_text"] = RecText;
        json["rec_score"] = (double)RecScore;
    }
}

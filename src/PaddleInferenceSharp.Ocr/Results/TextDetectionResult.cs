using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>The result of the text detection module (PaddleX's <c>TextDetResult</c>): <c>dt_polys</c> and <c>dt_scores</c>.</summary>
public sealed record TextDetectionResult : OcrModuleResult
{
    /// <summary>The detected text boxes in the order DB finds them (<c>dt_polys</c>; the OCR pipeline sorts them into reading order).</summary>
    public required IReadOnlyList<Quad> DtPolys { get; init; }

    /// <summary>The mean text probability of each box, parallel to <see cref="DtPolys"/> (<c>dt_scores</c>).</summary>
    public required IReadOnlyList<float> DtScores { get; init; }

    /// <summary>The input with each box outlined in red, as PaddleX's <c>TextDetResult</c> draws it.</summary>
    public override BgrImage RenderImage(string? fontPath = null) => ModuleResultRenderer.DrawBoxes(RequireInputImage(), DtPolys);

    private protected override void AddFields(JsonObject json)
    {
        json["dt_polys"] = OcrResult.Polys(DtPolys);
        json["dt_scores"] = new JsonArray(DtScores.Select(s => (JsonNode?)(double)s).ToArray());
    }
}

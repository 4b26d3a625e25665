using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// The result of a classification module (PaddleX's <c>TopkResult</c>: text-line and document orientation):
/// <c>class_ids</c>, <c>scores</c> and <c>label_names</c>, best first. The modules return the top class only, as the
/// official orientation models' <c>inference.yml</c> asks (<c>Topk.topk: 1</c>).
/// </summary>
public sealed record ClassificationResult : OcrModuleResult
{
    /// <summary>The classes, best first (<c>class_ids</c>).</summary>
    public required IReadOnlyList<int> ClassIds { get; init; }

    /// <summary>Their probabilities, rounded to 5 decimals in single precision as PaddleX's <c>Topk</c> does (<c>scores</c>).</summary>
    public required IReadOnlyList<float> Scores { get; init; }

    /// <summary>Their labels from the model's label list (<c>label_names</c>), e.g. <c>180_degree</c> or <c>90</c>.</summary>
    public required IReadOnlyList<string> LabelNames { get; init; }

    /// <summary>The input with <c>"label score"</c> written on a red box in its top-left corner, as PaddleX's <c>TopkResult</c> draws it.</summary>
    public override BgrImage RenderImage(string? fontPath = null)
    {
        var input = RequireInputImage();
        var location = FontLocator.Locate(fontPath);
        using var font = FontFace.Open(location.Path, location.FaceIndex);
        return ModuleResultRenderer.DrawClassification(input, LabelNames.Count > 0 ? LabelNames[0] : string.Empty, Scores.Count > 0 ? Scores[0] : 0, font);
    }

    private protected override void AddFields(JsonObject json)
    {
        json["class_ids"] = new JsonArray(ClassIds.Select(id => (JsonNode?)id).ToArray());
        json["scores"] = new JsonArray(Scores.Select(s => (JsonNode?)(double)s).ToArray());
        json["label_names"] = new JsonArray(LabelNames.Select(l => (JsonNode?)l).ToArray());
    }
}

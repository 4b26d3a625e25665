using System.Text.Json.Nodes;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>
/// One image's answer as PaddleX 3.0 beta's OCR serving gave it: <c>{texts: [{poly, text, score}], image}</c>, the
/// whole <c>result</c> in <see cref="PaddleXServingSchema.Beta"/> and each <c>ocrResults</c> entry in
/// <see cref="PaddleXServingSchema.BetaPages"/>.
/// </summary>
internal static class BetaOcrResult
{
    /// <summary>
    /// The entry for one page. PaddleX zipped <c>dt_polys</c>, <c>rec_text</c> and <c>rec_score</c>, one text per box;
    /// the recognised lines with their own boxes are the same pairs (all of them at PaddleX's threshold 0). The
    /// <c>score</c> is the recognition score; the detection scores were not in any of PaddleX's answers.
    /// <paramref name="image"/> (the OCR image, Base64 JPEG) is left out when null, as PaddleX's paged version did.
    /// </summary>
    public static JsonObject ToJson(OcrResult result, string? image)
    {
        ArgumentNullException.ThrowIfNull(result);
        var texts = new JsonArray();
        for (var i = 0; i < result.RecTexts.Count; i++)
        {
            var q = result.RecPolys[i];
            texts.Add(new JsonObject
            {
                ["poly"] = new JsonArray(new JsonArray(q.P0.X, q.P0.Y), new JsonArray(q.P1.X, q.P1.Y), new JsonArray(q.P2.X, q.P2.Y), new JsonArray(q.P3.X, q.P3.Y)),
                ["text"] = result.RecTexts[i],
                ["score"] = (double)result.RecScores[i],
            });
        }

        var entry = new JsonObject { ["texts"] = texts };
        if (image is not null)
        {
            entry["image"] = image;
        }

        return entry;
    }
}

using System.Text.Json.Nodes;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>One entry of <c>result.ocrResults</c>: <c>prunedResult</c> and the optional Base64 JPEG images.</summary>
public static class OcrPageResult
{
    /// <summary>The keys PaddleX's <c>prune_result</c> removes, at every depth.</summary>
    private static readonly string[] PrunedKeys = ["input_path", "page_index"];

    /// <summary>The entry for one page; images that are null are left out (PaddleX's <c>response_model_exclude_none</c>).</summary>
    public static JsonObject ToJson(OcrResult result, string? ocrImage = null, string? docPreprocessingImage = null, string? inputImage = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var entry = new JsonObject { ["prunedResult"] = Prune(result.ToJson()) };
        if (ocrImage is not null)
        {
            entry["ocrImage"] = ocrImage;
        }

        if (docPreprocessingImage is not null)
        {
            entry["docPreprocessingImage"] = docPreprocessingImage;
        }

        if (inputImage is not null)
        {
            entry["inputImage"] = inputImage;
        }

        return entry;
    }

    /// <summary>The result JSON without <c>input_path</c> and <c>page_index</c> anywhere in it.</summary>
    public static JsonObject Prune(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        foreach (var key in PrunedKeys)
        {
            json.Remove(key);
        }

        foreach (var (_, value) in json)
        {
            if (value is JsonObject child)
            {
                Prune(child);
            }
        }

        return json;
    }
}

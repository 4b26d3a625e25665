using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// The Python clients printed in three versions of PaddleX's OCR pipeline documentation (section "Multi-language
/// service invocation examples", Python), written in C#: the same request fields, the same answer fields read, the
/// same images written. A field the example reads that is missing throws, as Python's <c>dict</c> lookup raises
/// <c>KeyError</c>. Each returns what the example prints as the detected texts, one node per <c>print</c>.
/// </summary>
internal static class DocumentedClients
{
    /// <summary>What a client printed and the images it wrote.</summary>
    public sealed record Output(IReadOnlyList<JsonNode> Printed, IReadOnlyList<string> Images);

    /// <summary>
    /// PaddleX 3.0.0 and later (<c>docs/pipeline_usage/tutorials/ocr_pipelines/OCR.en.md</c>):
    /// <c>payload = {"file": file_data, "fileType": 1}</c>; for each <c>res</c> of <c>result["ocrResults"]</c>:
    /// <c>print(res["prunedResult"])</c>, <c>res["ocrImage"]</c> written to <c>ocr_{i}.jpg</c>.
    /// </summary>
    public static async Task<Output> CurrentAsync(HttpClient http, string apiUrl, string filePath, string outputDir)
    {
        var payload = new JsonObject { ["file"] = Base64(filePath), ["fileType"] = 1 };
        var result = await PostAsync(http, apiUrl, payload);
        var printed = new List<JsonNode>();
        var images = new List<string>();
        var i = 0;
        foreach (var res in Key(result, "ocrResults").AsArray())
        {
            printed.Add(Key(res, "prunedResult"));
            images.Add(Save(Key(res, "ocrImage"), Path.Combine(outputDir, $"ocr_{i++}.jpg")));
        }

        return new Output(printed, images);
    }

    /// <summary>
    /// PaddleX 3.0.0b1 and 3.0.0b2 (<c>docs/pipeline_usage/tutorials/ocr_pipelines/OCR_en.md</c> of 3.0.0b1,
    /// <c>OCR.en.md</c> of 3.0.0b2): <c>payload = {"image": image_data}</c>; <c>result["image"]</c> written to
    /// <c>out.jpg</c>, then <c>print(result["texts"])</c>. The documentation also lists
    /// <c>inferenceParams: {maxLongSide}</c>, sent when <paramref name="maxLongSide"/> is given.
    /// </summary>
    public static async Task<Output> BetaAsync(HttpClient http, string apiUrl, string imagePath, string outputDir, int? maxLongSide = null)
    {
        var payload = new JsonObject { ["image"] = Base64(imagePath) };
        if (maxLongSide is { } side)
        {
            payload["inferenceParams"] = new JsonObject { ["maxLongSide"] = side };
        }

        var result = await PostAsync(http, apiUrl, payload);
        var image = Save(Key(result, "image"), Path.Combine(outputDir, "out.jpg"));
        return new Output([Key(result, "texts")], [image]);
    }

    /// <summary>
    /// PaddleX's 3.0 development documentation of January 2025 (<c>OCR.en.md</c>, the serving rework before
    /// <c>prunedResult</c>): <c>payload = {"file": file_data, "fileType": 1}</c>; for each <c>res</c> of
    /// <c>result["ocrResults"]</c>: <c>print(res["texts"])</c>, <c>res["image"]</c> written to <c>out_{i}.jpg</c>.
    /// The documentation also lists <c>inferenceParams: {maxLongSide}</c>, sent when <paramref name="maxLongSide"/> is given.
    /// </summary>
    public static async Task<Output> BetaPagesAsync(HttpClient http, string apiUrl, string filePath, string outputDir, int? maxLongSide = null)
    {
        var payload = new JsonObject { ["file"] = Base64(filePath), ["fileType"] = 1 };
        if (maxLongSide is { } side)
        {
            payload["inferenceParams"] = new JsonObject { ["maxLongSide"] = side };
        }

        var result = await PostAsync(http, apiUrl, payload);
        var printed = new List<JsonNode>();
        var images = new List<string>();
        var i = 0;
        foreach (var res in Key(result, "ocrResults").AsArray())
        {
            printed.Add(Key(res, "texts"));
            images.Add(Save(Key(res, "image"), Path.Combine(outputDir, $"out_{i++}.jpg")));
        }

        return new Output(printed, images);
    }

    private static string Base64(string path) => Convert.ToBase64String(File.ReadAllBytes(path));

    // requests.post(API_URL, json=payload); assert response.status_code == 200; result = response.json()["result"]
    private static async Task<JsonNode> PostAsync(HttpClient http, string apiUrl, JsonObject payload)
    {
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(apiUrl, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return Key(JsonNode.Parse(text), "result");
    }

    // with open(path, "wb") as f: f.write(base64.b64decode(value))
    private static string Save(JsonNode value, string path)
    {
        File.WriteAllBytes(path, Convert.FromBase64String((string)value!));
        return path;
    }

    private static JsonNode Key(JsonNode? node, string name)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) && value is not null)
        {
            return value;
        }

        var keys = node is JsonObject o ? string.Join(", ", o.Select(p => p.Key)) : node?.GetValueKind().ToString() ?? "null";
        throw new KeyNotFoundException($"KeyError: '{name}' (the object has: {keys})");
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>Starts real servers (Kestrel on 127.0.0.1, a free port) with the models installed by scripts/setup.sh.</summary>
internal static class TestServers
{
    /// <summary>The pipeline of the tests: detection and recognition (and text-line orientation when asked), no document preprocessing (its models are not installed).</summary>
    public static OcrPipelineOptions Pipeline() => new()
    {
        UseDocOrientationClassify = false,
        UseDocUnwarping = false,
        UseTextlineOrientation = false,
        TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        TextLineOrientationModelDir = TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"),
        AllowModelDownload = false,
    };

    public static async Task<OcrServer> StartAsync(OcrServerOptions options)
    {
        var server = OcrServer.Create(options with { Host = "127.0.0.1", Port = 0 }, logging => logging.SetMinimumLevel(LogLevel.None));
        await server.StartAsync();
        await server.Ready;
        return server;
    }

    public static HttpClient Client(OcrServer server) => new() { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(3) };

    public static string Base64Of(string path) => Convert.ToBase64String(File.ReadAllBytes(path));

    /// <summary>POSTs a JSON body to /ocr and returns the status and the parsed answer.</summary>
    public static async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/ocr", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = JsonNode.Parse(text)?.AsObject() ?? throw new AssertionException($"empty answer ({(int)response.StatusCode})");
        return ((int)response.StatusCode, body, response);
    }

    public static Task<(int Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(HttpClient client, JsonObject request, CancellationToken cancellationToken = default) =>
        PostAsync(client, request.ToJsonString(), cancellationToken);

    /// <summary>Asserts PaddleX's error envelope: errorCode equals the HTTP status, a message, a logId and no result.</summary>
    public static void AssertError(int status, JsonObject body, int expected, string messagePart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(expected), body.ToJsonString());
            Assert.That((int)body["errorCode"]!, Is.EqualTo(expected));
            Assert.That((string)body["errorMsg"]!, Does.Contain(messagePart).IgnoreCase);
            Assert.That(Guid.TryParse((string?)body["logId"], out _), Is.True, "logId is a UUID");
            Assert.That(body.ContainsKey("result"), Is.False);
        });
    }

    /// <summary>The texts of the first result page.</summary>
    public static string[] Texts(JsonObject body, int page = 0) =>
        body["result"]!["ocrResults"]![page]!["prunedResult"]!["rec_texts"]!.AsArray().Select(t => (string)t!).ToArray();

    // The CLI as built in its own project (bin/<configuration>/net10.0), with its own dependency set.
    public static string CliDll()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "PaddleInferenceSharp.Cli", "bin", output.Parent!.Name, output.Name, "paddlex-sharp.dll");
        Assert.That(dll, Does.Exist, "the CLI is built with this test project");
        return dll;
    }
}

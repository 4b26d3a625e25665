using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// The answer shapes of PaddleX's documented serving versions (<see cref="PaddleXServingSchema"/>): the client of each
/// version's documentation (<see cref="DocumentedClients"/>) gets, from real servers on 127.0.0.1, the texts that the
/// current answer's <c>rec_texts</c> hold for the same dev image, with their boxes and scores.
/// </summary>
[TestFixture]
public sealed class ServingSchemaTests
{
    private readonly Dictionary<PaddleXServingSchema, (OcrServer Server, HttpClient Client)> _servers = [];
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _dir = TestPaths.NewTempDirectory("serving-schema");
        foreach (var schema in Enum.GetValues<PaddleXServingSchema>())
        {
            var server = await TestServers.StartAsync(new OcrServerOptions { Pipeline = TestServers.Pipeline(), Workers = 1, ServingSchema = schema });
            _servers[schema] = (server, TestServers.Client(server));
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var (server, client) in _servers.Values)
        {
            client.Dispose();
            await server.DisposeAsync();
        }

        Directory.Delete(_dir, true);
    }

    private static string Dev(string name) => Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);

    private HttpClient Client(PaddleXServingSchema schema) => _servers[schema].Client;

    private string Url(PaddleXServingSchema schema) => new Uri(_servers[schema].Server.Address!, "/ocr").ToString();

    private string Output(string name) => Directory.CreateDirectory(Path.Combine(_dir, name + "-" + Guid.NewGuid().ToString("N"))).FullName;

    // The current answer's prunedResult for the image, from the default server.
    private async Task<JsonNode> ReferenceAsync(string image)
    {
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Auto), new JsonObject
        {
            ["file"] = TestServers.Base64Of(Dev(image)),
            ["fileType"] = 1,
            ["visualize"] = false,
        });
        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!;
        Assert.That(pruned["rec_texts"]!.AsArray(), Is.Not.Empty, "the reference has texts");
        return pruned;
    }

    // The beta 'texts' array as the current answer's parallel arrays: [text], [poly], [score].
    private static void AssertSameTexts(JsonNode texts, JsonNode reference)
    {
        var items = texts.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(t => (string)t!["text"]!), Is.EqualTo(reference["rec_texts"]!.AsArray().Select(t => (string)t!)), "texts");
            Assert.That(new JsonArray(items.Select(t => t!["poly"]!.DeepClone()).ToArray()).ToJsonString(), Is.EqualTo(reference["rec_polys"]!.ToJsonString()), "polys");
            Assert.That(items.Select(t => (double)t!["score"]!), Is.EqualTo(reference["rec_scores"]!.AsArray().Select(s => (double)s!)), "scores");
            Assert.That(items.Select(t => t!.AsObject().Select(p => p.Key)), Is.All.EqualTo(new[] { "poly", "text", "score" }), "fields of a text");
        });
    }

    private static void AssertOcrImage(string path, string image)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "JPEG");
        using var written = ImageDecoder.Decode(bytes, path);
        using var page = ImageDecoder.Decode(File.ReadAllBytes(Dev(image)), image);
        Assert.That(written.Height, Is.EqualTo(page.Height), "the OCR image: the page beside its text panel");
        Assert.That(written.Width, Is.GreaterThanOrEqualTo(page.Width));
    }

    [Test]
    public async Task Client_of_the_current_docs_gets_the_texts_from_the_default_server()
    {
        var output = await DocumentedClients.CurrentAsync(Client(PaddleXServingSchema.Auto), Url(PaddleXServingSchema.Auto), Dev("syn_001.png"), Output("current"));
        var reference = await ReferenceAsync("syn_001.png");

        Assert.That(output.Printed, Has.Count.EqualTo(1));
        Assert.That(output.Printed[0]["rec_texts"]!.ToJsonString(), Is.EqualTo(reference["rec_texts"]!.ToJsonString()));
        Assert.That(output.Printed[0]["rec_texts"]!.AsArray().Select(t => (string)t!), Does.Contain("Date: 17.03.2017"));
        AssertOcrImage(output.Images[0], "syn_001.png");
    }

    // maxLongSide as the server's own limit (its default limit type is 'max'), so that the texts are the reference's.
    private static int DefaultMaxLongSide(JsonNode reference)
    {
        Assert.That((string)reference["text_det_params"]!["limit_type"]!, Is.EqualTo("max"));
        return (int)reference["text_det_params"]!["limit_side_len"]!;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Client_of_the_3_0_0b1_docs_gets_the_texts_from_the_default_server(bool sendMaxLongSide)
    {
        var reference = await ReferenceAsync("syn_003.jpg");
        var output = await DocumentedClients.BetaAsync(Client(PaddleXServingSchema.Auto), Url(PaddleXServingSchema.Auto), Dev("syn_003.jpg"), Output("beta"), sendMaxLongSide ? DefaultMaxLongSide(reference) : null);

        Assert.That(output.Printed, Has.Count.EqualTo(1));
        AssertSameTexts(output.Printed[0], reference);
        AssertOcrImage(output.Images[0], "syn_003.jpg");
    }

    [Test]
    public async Task Client_of_the_3_0_development_docs_gets_the_texts_from_a_beta_pages_server()
    {
        var output = await DocumentedClients.BetaPagesAsync(Client(PaddleXServingSchema.BetaPages), Url(PaddleXServingSchema.BetaPages), Dev("syn_004.jpg"), Output("beta-pages"));

        Assert.That(output.Printed, Has.Count.EqualTo(1));
        AssertSameTexts(output.Printed[0], await ReferenceAsync("syn_004.jpg"));
        AssertOcrImage(output.Images[0], "syn_004.jpg");
    }

    [Test]
    public async Task Client_of_the_3_0_development_docs_sending_maxLongSide_is_recognised_by_the_default_server()
    {
        var reference = await ReferenceAsync("syn_004.jpg");
        var output = await DocumentedClients.BetaPagesAsync(Client(PaddleXServingSchema.Auto), Url(PaddleXServingSchema.Auto), Dev("syn_004.jpg"), Output("beta-pages-auto"), DefaultMaxLongSide(reference));

        AssertSameTexts(output.Printed.Single(), reference);
    }

    [Test]
    public void Client_of_the_3_0_development_docs_without_maxLongSide_looks_current_to_the_default_server()
    {
        // Its request is the current client's, so the default server answers it in the current shape.
        var ex = Assert.ThrowsAsync<KeyNotFoundException>(() =>
            DocumentedClients.BetaPagesAsync(Client(PaddleXServingSchema.Auto), Url(PaddleXServingSchema.Auto), Dev("syn_004.jpg"), Output("beta-pages-current")));
        Assert.That(ex!.Message, Does.Contain("'texts'").And.Contain("prunedResult"));
    }

    [Test]
    public async Task Beta_pages_answer_has_one_entry_per_pdf_page_and_the_data_info()
    {
        var pdf = new TestPdf()
            .AddTextPage(400, 120, ["Invoice 2024"], fontSize: 18)
            .AddTextPage(400, 120, ["Second page"], fontSize: 18);
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.BetaPages), new JsonObject
        {
            ["file"] = Convert.ToBase64String(pdf.ToBytes()),
            ["fileType"] = 0,
            ["visualize"] = false,
        });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var result = body["result"]!;
        string Page(int i) => string.Concat(result["ocrResults"]![i]!["texts"]!.AsArray().Select(t => (string)t!["text"]!)).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(result.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "ocrResults", "dataInfo" }));
            Assert.That((string)result["dataInfo"]!["type"]!, Is.EqualTo("pdf"));
            Assert.That(Page(0), Does.Contain("Invoice2024"));
            Assert.That(Page(1), Does.Contain("Secondpage"));
            Assert.That(result["ocrResults"]![0]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "texts" }), "no image with visualize false");
        });
    }

    [Test]
    public async Task Server_with_schema_beta_answers_a_file_request_in_the_beta_shape()
    {
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Beta), new JsonObject { ["file"] = TestServers.Base64Of(Dev("syn_003.jpg")), ["fileType"] = 1 });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That(body["result"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "texts", "image" }));
        AssertSameTexts(body["result"]!["texts"]!, await ReferenceAsync("syn_003.jpg"));
    }

    [Test]
    public async Task Server_with_schema_current_answers_an_image_request_in_the_current_shape()
    {
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Current), new JsonObject { ["image"] = TestServers.Base64Of(Dev("syn_003.jpg")) });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That(TestServers.Texts(body), Is.EqualTo((await ReferenceAsync("syn_003.jpg"))["rec_texts"]!.AsArray().Select(t => (string)t!)));
    }

    [Test]
    public async Task MaxLongSide_limits_the_longer_side()
    {
        // Reported in text_det_params, which only the current answer has.
        var request = new JsonObject { ["file"] = TestServers.Base64Of(Dev("syn_001.png")), ["fileType"] = 1, ["visualize"] = false };
        request["inferenceParams"] = new JsonObject { ["maxLongSide"] = 800 };
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Current), request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var det = body["result"]!["ocrResults"]![0]!["prunedResult"]!["text_det_params"]!;
        Assert.That((int)det["limit_side_len"]!, Is.EqualTo(800));
        Assert.That((string)det["limit_type"]!, Is.EqualTo("max"));
    }

    [Test]
    public async Task Beta_answer_leaves_the_image_out_when_visualization_is_off()
    {
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Auto), new JsonObject { ["image"] = TestServers.Base64Of(Dev("syn_001.png")), ["visualize"] = false });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That(body["result"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "texts" }));
    }

    [Test]
    public async Task A_pdf_in_the_image_field_is_refused_with_422()
    {
        var pdf = new TestPdf().AddTextPage(200, 80, ["One page"], fontSize: 18);
        var (status, body, _) = await TestServers.PostAsync(Client(PaddleXServingSchema.Auto), new JsonObject { ["image"] = Convert.ToBase64String(pdf.ToBytes()) });

        TestServers.AssertError(status, body, 422, "PDF");
    }
}

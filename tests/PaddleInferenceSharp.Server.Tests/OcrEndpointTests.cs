using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Server.Schema;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// Every request field and response field of POST /ocr in the current answer shape, against a real server on
/// 127.0.0.1 (the older shapes: <see cref="ServingSchemaTests"/>).
/// </summary>
[TestFixture]
public sealed class OcrEndpointTests
{
    private OcrServer _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServers.StartAsync(new OcrServerOptions { Pipeline = TestServers.Pipeline(), Workers = 2 });
        _client = TestServers.Client(_server);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static string Dev(string name) => Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);

    private static JsonObject Request(string image, int? fileType = 1) => new()
    {
        ["file"] = TestServers.Base64Of(Dev(image)),
        ["fileType"] = fileType,
    };

    [Test]
    public async Task Image_answer_has_PaddleX_envelope_result_and_data_info()
    {
        var (status, body, _) = await TestServers.PostAsync(_client, Request("syn_001.png"));
        var truth = JsonNode.Parse(File.ReadAllText(Dev("syn_001.json")))!;

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That((int)body["errorCode"]!, Is.EqualTo(0));
            Assert.That((string)body["errorMsg"]!, Is.EqualTo("Success"));
            Assert.That(Guid.TryParse((string?)body["logId"], out _), Is.True);
            var result = body["result"]!.AsObject();
            Assert.That(result["ocrResults"]!.AsArray(), Has.Count.EqualTo(1));
            var dataInfo = result["dataInfo"]!.AsObject();
            Assert.That((int)dataInfo["width"]!, Is.EqualTo((int)truth["width"]!));
            Assert.That((int)dataInfo["height"]!, Is.EqualTo((int)truth["height"]!));
            Assert.That((string)dataInfo["type"]!, Is.EqualTo("image"));
            var pruned = result["ocrResults"]![0]!["prunedResult"]!.AsObject();
            Assert.That(pruned.ContainsKey("input_path"), Is.False, "input_path is pruned");
            Assert.That(pruned.ContainsKey("page_index"), Is.False, "page_index is pruned");
            foreach (var key in new[] { "model_settings", "dt_polys", "text_det_params", "text_type", "text_rec_score_thresh", "rec_texts", "rec_scores", "rec_polys", "rec_boxes" })
            {
                Assert.That(pruned.ContainsKey(key), Is.True, key);
            }
        });
    }

    [Test]
    public async Task Texts_of_a_real_page_match_its_ground_truth()
    {
        var (status, body, _) = await TestServers.PostAsync(_client, Request("syn_001.png"));
        Assert.That(status, Is.EqualTo(200));
        var truth = JsonNode.Parse(File.ReadAllText(Dev("syn_001.json")))!["lines"]!.AsArray().Select(l => Squash((string)l!["text"]!)).ToArray();
        var found = TestServers.Texts(body).Select(Squash).ToHashSet();

        // PP-OCRv4 mobile drops some spaces between words (see OcrPipelineTests), so lines are compared without spaces.
        var matched = truth.Count(found.Contains);
        Assert.That(matched, Is.GreaterThanOrEqualTo(truth.Length * 6 / 10), $"found {string.Join(" | ", found)}");
    }

    [Test]
    public async Task Answer_equals_the_library_result_for_the_same_image()
    {
        var (_, body, _) = await TestServers.PostAsync(_client, Request("syn_003.jpg"));
        using var pipeline = OcrPipeline.Create(TestServers.Pipeline());
        var expected = OcrPageResult.Prune(pipeline.Predict(Dev("syn_003.jpg")).ToJson());

        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!;
        Assert.That(pruned["rec_texts"]!.ToJsonString(), Is.EqualTo(expected["rec_texts"]!.ToJsonString()));
        Assert.That(pruned["dt_polys"]!.ToJsonString(), Is.EqualTo(expected["dt_polys"]!.ToJsonString()));
    }

    [TestCase("syn_002.jpg")]
    [TestCase("syn_001.png")]
    public async Task File_type_is_inferred_when_left_out(string image)
    {
        var (status, body, _) = await TestServers.PostAsync(_client, Request(image, fileType: null));
        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That((string)body["result"]!["dataInfo"]!["type"]!, Is.EqualTo("image"));
        Assert.That(TestServers.Texts(body), Is.Not.Empty);
    }

    [Test]
    public async Task Detection_and_recognition_parameters_are_applied_and_reported()
    {
        var request = Request("syn_001.png");
        request["textDetLimitSideLen"] = 736;
        request["textDetLimitType"] = "min";
        request["textDetThresh"] = 0.25;
        request["textDetBoxThresh"] = 0.5;
        request["textDetUnclipRatio"] = 1.8;
        request["textRecScoreThresh"] = 0.5;
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!;
        var det = pruned["text_det_params"]!;
        Assert.Multiple(() =>
        {
            Assert.That((int)det["limit_side_len"]!, Is.EqualTo(736));
            Assert.That((string)det["limit_type"]!, Is.EqualTo("min"));
            Assert.That((double)det["thresh"]!, Is.EqualTo(0.25));
            Assert.That((double)det["box_thresh"]!, Is.EqualTo(0.5));
            Assert.That((double)det["unclip_ratio"]!, Is.EqualTo(1.8));
            Assert.That((double)pruned["text_rec_score_thresh"]!, Is.EqualTo(0.5));
            Assert.That(pruned["rec_scores"]!.AsArray().Select(s => (double)s!), Is.All.GreaterThanOrEqualTo(0.5));
        });
    }

    [Test]
    public async Task A_high_score_threshold_keeps_fewer_lines()
    {
        var low = await TestServers.PostAsync(_client, Request("syn_004.jpg"));
        var strict = Request("syn_004.jpg");
        strict["textRecScoreThresh"] = 0.995;
        var high = await TestServers.PostAsync(_client, strict);

        Assert.That(TestServers.Texts(high.Body), Has.Length.LessThan(TestServers.Texts(low.Body).Length));
    }

    [Test]
    public async Task Parameters_nested_in_inferenceParams_are_accepted_and_top_level_wins()
    {
        var request = Request("syn_001.png");
        request["inferenceParams"] = new JsonObject { ["textDetLimitSideLen"] = 640, ["textRecScoreThresh"] = 0.3, ["textDetBoxThresh"] = 0.55 };
        request["textDetBoxThresh"] = 0.65;
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!;
        Assert.That((int)pruned["text_det_params"]!["limit_side_len"]!, Is.EqualTo(640));
        Assert.That((double)pruned["text_det_params"]!["box_thresh"]!, Is.EqualTo(0.65));
        Assert.That((double)pruned["text_rec_score_thresh"]!, Is.EqualTo(0.3));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task UseTextlineOrientation_switches_the_classifier(bool on)
    {
        var request = Request("syn_001.png");
        request["useTextlineOrientation"] = on;
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!;
        Assert.That((bool)pruned["model_settings"]!["use_textline_orientation"]!, Is.EqualTo(on));
        var angles = pruned["textline_orientation_angles"]!.AsArray().Select(a => (int)a!).ToArray();
        Assert.That(angles, on ? Is.All.AnyOf(0, 1) : Is.All.EqualTo(-1));
    }

    [Test]
    public async Task Document_preprocessing_flags_off_report_no_preprocessor()
    {
        var request = Request("syn_001.png");
        request["useDocOrientationClassify"] = false;
        request["useDocUnwarping"] = false;
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var pruned = body["result"]!["ocrResults"]![0]!["prunedResult"]!.AsObject();
        Assert.That((bool)pruned["model_settings"]!["use_doc_preprocessor"]!, Is.False);
        Assert.That(pruned.ContainsKey("doc_preprocessor_res"), Is.False);
    }

    [Test]
    public async Task Visualize_false_returns_no_images()
    {
        var request = Request("syn_001.png");
        request["visualize"] = false;
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200));
        var entry = body["result"]!["ocrResults"]![0]!.AsObject();
        Assert.That(entry.Select(p => p.Key), Is.EquivalentTo(new[] { "prunedResult" }));
    }

    [Test]
    public async Task Images_are_returned_as_JPEG_by_default()
    {
        var (status, body, _) = await TestServers.PostAsync(_client, Request("syn_001.png"));

        Assert.That(status, Is.EqualTo(200));
        var entry = body["result"]!["ocrResults"]![0]!.AsObject();
        using var ocr = ImageDecoder.Decode(Convert.FromBase64String((string)entry["ocrImage"]!), "ocrImage");
        using var input = ImageDecoder.Decode(Convert.FromBase64String((string)entry["inputImage"]!), "inputImage");
        var jpeg = Convert.FromBase64String((string)entry["ocrImage"]!);
        Assert.Multiple(() =>
        {
            Assert.That(jpeg[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "JPEG");
            Assert.That((input.Width, input.Height), Is.EqualTo((1000, 669)), "the input page");
            Assert.That(ocr.Height, Is.EqualTo(669));
            Assert.That(ocr.Width, Is.GreaterThanOrEqualTo(1000), "the page, beside PaddleX's text panel");
            Assert.That(entry.ContainsKey("docPreprocessingImage"), Is.False, "the preprocessor did not run");
        });
    }

    [Test]
    public async Task Pdf_pages_are_read_in_order_with_their_sizes()
    {
        var pdf = new TestPdf()
            .AddTextPage(400, 120, ["Invoice 2024", "Total 38.46"], fontSize: 18)
            .AddTextPage(400, 120, ["Second page", "Thank you"], fontSize: 18);
        var request = new JsonObject { ["file"] = Convert.ToBase64String(pdf.ToBytes()), ["visualize"] = false };
        var (status, body, _) = await TestServers.PostAsync(_client, request);

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        var info = body["result"]!["dataInfo"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string)info["type"]!, Is.EqualTo("pdf"), "fileType inferred from %PDF-");
            Assert.That((int)info["numPages"]!, Is.EqualTo(2));
            // PaddleX renders at zoom 2: 400 x 120 points -> 800 x 240 pixels.
            Assert.That(info["pages"]!.AsArray().Select(p => ((int)p!["width"]!, (int)p["height"]!)), Is.EqualTo(new[] { (800, 240), (800, 240) }));
            Assert.That(string.Join("|", TestServers.Texts(body, 0)).Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain("Invoice2024").And.Contain("Total38.46"));
            Assert.That(string.Join("|", TestServers.Texts(body, 1)).Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain("Secondpage").And.Contain("Thankyou"));
            Assert.That(body["result"]!["ocrResults"]![1]!["prunedResult"]!.AsObject().ContainsKey("page_index"), Is.False);
        });
    }

    [Test]
    public async Task Health_and_readiness_answer_in_the_envelope()
    {
        var health = JsonNode.Parse(await _client.GetStringAsync("/health"))!;
        var ready = await _client.GetAsync("/health/ready");

        Assert.That((string)health["errorMsg"]!, Is.EqualTo("Healthy"));
        Assert.That((int)health["errorCode"]!, Is.EqualTo(0));
        Assert.That((int)ready.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Metrics_count_requests_and_show_the_queue()
    {
        await TestServers.PostAsync(_client, Request("syn_001.png"));
        var text = await _client.GetStringAsync("/metrics");

        Assert.That(text, Does.Match("ocr_requests_total\\{status=\"200\"\\} [1-9]"));
        Assert.That(text, Does.Contain("ocr_request_duration_seconds_bucket{le=\"+Inf\"}"));
        Assert.That(text, Does.Contain("ocr_queue_length 0"));
        Assert.That(text, Does.Contain("ocr_workers 2"));
    }

    private static string Squash(string text) => text.Replace(" ", string.Empty, StringComparison.Ordinal);
}

using System.Text.Json.Nodes;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>The pipeline YAML's <c>Serving.extra.max_num_input_imgs</c> sets the server's PDF page limit unless the server's own option does.</summary>
public sealed class ServingConfigTests
{
    private const string OnePage = "pipeline_name: OCR\nServing:\n  extra:\n    max_num_input_imgs: 1\n";

    [Test]
    public void Page_limit_comes_from_the_server_option_else_the_pipeline_config()
    {
        var fromYaml = OcrPipelineConfig.Parse(OnePage, "OCR.yaml");
        Assert.That(new OcrServerOptions().Endpoint.MaxPdfPages, Is.EqualTo(10), "PaddleX's default");
        Assert.That(new OcrServerOptions { Pipeline = fromYaml }.Endpoint.MaxPdfPages, Is.EqualTo(1));
        Assert.That(new OcrServerOptions { Pipeline = fromYaml, MaxPdfPages = 4 }.Endpoint.MaxPdfPages, Is.EqualTo(4), "--max_pdf_pages wins");
        Assert.That(new OcrServerOptions { Pipeline = fromYaml with { MaxNumInputImgs = null } }.Endpoint.MaxPdfPages, Is.EqualTo(int.MaxValue), "null: every page");
    }

    [Test]
    public async Task Server_started_from_a_pipeline_config_answers_only_its_first_pages()
    {
        await using var server = await TestServers.StartAsync(new OcrServerOptions
        {
            Pipeline = OcrPipelineConfig.Parse(OnePage, "OCR.yaml", TestServers.Pipeline()),
            Workers = 1,
        });
        using var client = TestServers.Client(server);
        var pdf = new TestPdf()
            .AddTextPage(400, 120, ["Invoice 2024"], fontSize: 18)
            .AddTextPage(400, 120, ["Second page"], fontSize: 18);

        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = Convert.ToBase64String(pdf.ToBytes()), ["visualize"] = false });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That(body["result"]!["ocrResults"]!.AsArray(), Has.Count.EqualTo(1));
    }
}

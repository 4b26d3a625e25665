using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>
/// Inputs given by URL (PaddleX's <c>predict("https://...")</c>) from a loopback server standing in for a remote
/// host, and the pipeline-level batch size: the same results as the files, in the same order.
/// </summary>
[NonParallelizable]
public sealed class OcrPipelineInputTests
{
    private string _dev = null!;
    private LoopbackHttpServer _server = null!;
    private OcrPipeline _pipeline = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _dev = TestPaths.RequiredShared("eval", "dev");
        _server = new LoopbackHttpServer()
            .Serve("/img/syn_001.png", File.ReadAllBytes(Path.Combine(_dev, "syn_001.png")))
            .Serve("/img/syn_002.jpg", File.ReadAllBytes(Path.Combine(_dev, "syn_002.jpg")))
            .Serve("/doc.pdf", new TestPdf().AddTextPage(420, 120, ["Invoice 2024-0117"], fontSize: 16).AddTextPage(420, 120, ["Second page"], fontSize: 16).ToBytes());
        _pipeline = OcrPipeline.Create(V4Pipelines.Options with { UrlInput = new UrlInputOptions { AllowPrivateAddresses = true } });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _pipeline.Dispose();
        _server.Dispose();
    }

    [Test]
    public void Image_url_gives_the_results_of_the_file_with_the_url_as_input_path()
    {
        var fromUrl = _pipeline.Predict(_server.BaseUrl + "/img/syn_001.png?signature=abc");
        var fromFile = _pipeline.Predict(Path.Combine(_dev, "syn_001.png"));

        Assert.That(fromUrl.RecTexts, Is.EqualTo(fromFile.RecTexts));
        Assert.That(fromUrl.RecTexts, Does.Contain("Date: 17.03.2017"));
        Assert.That(fromUrl.InputPath, Is.EqualTo(_server.BaseUrl + "/img/syn_001.png"), "the query (often a signature) is not reported");
    }

    [Test]
    public void Pdf_url_gives_one_result_per_page()
    {
        var pages = _pipeline.PredictPages(_server.BaseUrl + "/doc.pdf").ToArray();

        Assert.That(pages.Select(p => p.PageIndex), Is.EqualTo(new int?[] { 0, 1 }));
        Assert.That(pages.Select(p => p.InputPath), Is.All.EqualTo(_server.BaseUrl + "/doc.pdf"));
        Assert.That(V4Pipelines.NoSpaces(pages[1].RecTexts), Does.Contain("Secondpage"));
    }

    [Test]
    public void Batched_inputs_give_the_results_of_one_at_a_time_in_order()
    {
        string[] inputs = [Path.Combine(_dev, "syn_003.jpg"), _server.BaseUrl + "/img/syn_001.png", _server.BaseUrl + "/doc.pdf", Path.Combine(_dev, "syn_002.jpg"), _server.BaseUrl + "/img/syn_002.jpg"];
        var single = _pipeline.Predict(inputs).Select(r => (r.InputPath, r.PageIndex, string.Join("|", r.RecTexts))).ToArray();

        using var batched = OcrPipeline.Create(_pipeline.Options with { BatchSize = 3 });
        var many = batched.Predict(inputs).Select(r => (r.InputPath, r.PageIndex, string.Join("|", r.RecTexts))).ToArray();

        Assert.That(single, Has.Length.EqualTo(6), "four images and two PDF pages");
        Assert.That(many, Is.EqualTo(single));
    }

    [Test]
    public async Task Predict_async_reads_urls_in_batches()
    {
        using var batched = OcrPipeline.Create(_pipeline.Options with { BatchSize = 2 });
        var results = new List<string?>();
        await foreach (var result in batched.PredictAsync([_server.BaseUrl + "/img/syn_001.png", _server.BaseUrl + "/doc.pdf", Path.Combine(_dev, "syn_002.jpg")]))
        {
            results.Add(result.InputPath);
        }

        Assert.That(results, Is.EqualTo(new[] { _server.BaseUrl + "/img/syn_001.png", _server.BaseUrl + "/doc.pdf", _server.BaseUrl + "/doc.pdf", Path.Combine(_dev, "syn_002.jpg") }));
    }

    [Test]
    public void Loopback_url_is_refused_by_the_default_policy_without_connecting()
    {
        using var strict = OcrPipeline.Create(V4Pipelines.Options);
        var before = _server.Connections;

        var ex = Assert.Throws<UrlInputException>(() => strict.Predict(_server.BaseUrl + "/img/syn_001.png"));

        Assert.That(ex!.Message, Does.Contain(_server.BaseUrl + "/img/syn_001.png").And.Contain("non-public address"));
        Assert.That(_server.Connections, Is.EqualTo(before));
    }

    [Test]
    public void Batch_size_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OcrPipeline.Create(V4Pipelines.Options with { BatchSize = 0 }));
}

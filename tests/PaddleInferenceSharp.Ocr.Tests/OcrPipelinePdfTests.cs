using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>PDF input: one result per page, rendered as PaddleX renders it (zoom 2), with page_index set.</summary>
[NonParallelizable]
public sealed class OcrPipelinePdfTests
{
    private static readonly string[][] Pages =
    [
        ["Invoice 2024-0117", "Total amount 42.50 EUR"],
        ["Second page of the order", "Delivery on Monday"],
        ["Thank you for your order"],
    ];

    private string _dir = null!;
    private OcrPipeline _pipeline = null!;

    [OneTimeSetUp]
    public void LoadPipeline()
    {
        _dir = TestPaths.NewTempDirectory("ocr-pdf");
        _pipeline = V4Pipelines.Create();
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _pipeline.Dispose();
        Directory.Delete(_dir, true);
    }

    private static string[] NoSpaces(IEnumerable<string> texts) => V4Pipelines.NoSpaces(texts);

    private static TestPdf ThreeTextPages()
    {
        var pdf = new TestPdf();
        foreach (var lines in Pages)
        {
            pdf.AddTextPage(420, 200, lines, fontSize: 16);
        }

        return pdf;
    }

    [Test]
    public void Each_page_of_a_generated_pdf_is_read_with_its_page_index()
    {
        var path = Path.Combine(_dir, "three.pdf");
        ThreeTextPages().Save(path);
        var results = _pipeline.PredictPages(path).ToList();
        Assert.That(results.Select(r => r.PageIndex), Is.EqualTo(new int?[] { 0, 1, 2 }));
        Assert.That(results.Select(r => r.InputPath), Is.All.EqualTo(path));
        for (var i = 0; i < Pages.Length; i++)
        {
            Assert.That(NoSpaces(results[i].RecTexts), Is.EqualTo(NoSpaces(Pages[i])), $"page {i}");
        }
    }

    [Test]
    public void A_scanned_pdf_of_rendered_text_images_is_read()
    {
        // Image-only pages, as scanners write them: ImageMagick renders the text, the PDF holds it as a JPEG drawn at
        // half its pixel size in points, so zoom 2 renders it back at its own resolution.
        var pdf = new TestPdf();
        foreach (var (lines, i) in Pages.Select((lines, i) => (lines, i)))
        {
            var png = Path.Combine(_dir, $"scan{i}.png");
            var jpg = Path.Combine(_dir, $"scan{i}.jpg");
            ImageMagick.RenderText(png, lines);
            ImageMagick.Run(png, "-type", "TrueColor", "-quality", "92", jpg);
            var (_, width, height) = ImageMagick.DecodeRgb(jpg);
            pdf.AddJpegPage(File.ReadAllBytes(jpg), width, height, width / 2.0, height / 2.0);
        }

        var path = Path.Combine(_dir, "scan.pdf");
        pdf.Save(path);
        var results = _pipeline.PredictPages(path).ToList();
        Assert.That(results.Select(r => r.PageIndex), Is.EqualTo(new int?[] { 0, 1, 2 }));
        for (var i = 0; i < Pages.Length; i++)
        {
            Assert.That(NoSpaces(results[i].RecTexts), Is.EqualTo(NoSpaces(Pages[i])), $"page {i}");
        }
    }

    [Test]
    public void Pdf_bytes_and_page_selection_give_the_selected_pages()
    {
        var bytes = ThreeTextPages().ToBytes();
        var results = _pipeline.PredictPages(bytes, "upload.pdf", pdfOptions: new PdfRenderOptions { PageIndices = [2] }).ToList();
        Assert.That(results, Has.Count.EqualTo(1));
        Assert.That(results[0].PageIndex, Is.EqualTo(2));
        Assert.That(results[0].InputPath, Is.Null);
        Assert.That(NoSpaces(results[0].RecTexts), Is.EqualTo(NoSpaces(Pages[2])));
    }

    [Test]
    public void An_image_gives_one_result_without_a_page_index()
    {
        var path = Path.Combine(_dir, "one.png");
        ImageMagick.RenderText(path, Pages[0]);
        var results = _pipeline.PredictPages(path).ToList();
        Assert.That(results, Has.Count.EqualTo(1));
        Assert.That(results[0].PageIndex, Is.Null);
    }

    [Test]
    public void A_directory_with_a_pdf_yields_its_pages_in_order_among_the_images()
    {
        var dir = Path.Combine(_dir, "mixed");
        Directory.CreateDirectory(dir);
        ImageMagick.RenderText(Path.Combine(dir, "a.png"), ["Alpha image"]);
        ThreeTextPages().Save(Path.Combine(dir, "b.pdf"));
        ImageMagick.RenderText(Path.Combine(dir, "c.png"), ["Gamma image"]);
        var results = _pipeline.Predict([dir]).ToList();
        Assert.That(results.Select(r => (Path.GetFileName(r.InputPath), r.PageIndex)), Is.EqualTo(new (string?, int?)[] { ("a.png", null), ("b.pdf", 0), ("b.pdf", 1), ("b.pdf", 2), ("c.png", null) }));
    }

    [Test]
    public async Task PredictAsync_streams_pdf_pages()
    {
        var path = Path.Combine(_dir, "async.pdf");
        ThreeTextPages().Save(path);
        var pages = new List<int?>();
        await foreach (var result in _pipeline.PredictAsync([path]))
        {
            pages.Add(result.PageIndex);
        }

        Assert.That(pages, Is.EqualTo(new int?[] { 0, 1, 2 }));
    }

    [Test]
    public void Single_result_Predict_of_a_pdf_points_to_PredictPages()
    {
        var path = Path.Combine(_dir, "single.pdf");
        ThreeTextPages().Save(path);
        Assert.That(() => _pipeline.Predict(path), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("PredictPages"));
    }

    [Test]
    public void Broken_pdf_fails_with_the_file_name()
    {
        var path = Path.Combine(_dir, "broken.pdf");
        File.WriteAllBytes(path, "%PDF-1.4\nnot really a pdf"u8.ToArray());
        var ex = Assert.Throws<PdfDecodeException>(() => _pipeline.PredictPages(path).ToList());
        Assert.That(ex!.Message, Does.Contain("broken.pdf"));
    }
}

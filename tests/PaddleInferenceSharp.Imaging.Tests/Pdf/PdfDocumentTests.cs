using System.Globalization;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>PDF pages rendered through poppler-glib + cairo, against pdftoppm and PaddleX's sizing rules.</summary>
public sealed class PdfDocumentTests
{
    private static readonly string[] Lines = ["Invoice 2024-0117", "Total amount 42.50 EUR", "Thank you for your order"];
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("pdf");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void Pages_render_at_zoom_2_to_the_ceiling_of_twice_their_size_in_points()
    {
        var pdf = new TestPdf().AddTextPage(612, 792, Lines).AddTextPage(200.3, 100.7, ["x"]).ToBytes();
        using var document = PdfDocument.Load(pdf, "sizes.pdf");
        Assert.That(document.PageCount, Is.EqualTo(2));
        Assert.That(document.SelectedPages, Is.EqualTo(new[] { 0, 1 }));
        using var letter = document.RenderPage(0);
        using var odd = document.RenderPage(1);
        Assert.That((letter.Width, letter.Height), Is.EqualTo((1224, 1584)));
        Assert.That((odd.Width, odd.Height), Is.EqualTo((401, 202)));
    }

    [Test]
    public void Dpi_sets_the_zoom_and_a_rotated_page_swaps_its_sides()
    {
        var pdf = new TestPdf().AddTextPage(300, 200, ["rotated"], rotate: 90).ToBytes();
        using var document = PdfDocument.Load(pdf, "rot.pdf", new PdfRenderOptions { Dpi = 72 });
        Assert.That(document.GetPageSize(0), Is.EqualTo((200.0, 300.0)));
        using var page = document.RenderPage(0);
        Assert.That((page.Width, page.Height), Is.EqualTo((200, 300)));
    }

    [Test]
    public void Text_page_matches_pdftoppm_at_the_same_dpi()
    {
        var path = Path.Combine(_dir, "text.pdf");
        new TestPdf().AddTextPage(612, 792, Lines, fontSize: 28).Save(path);
        ComparePagesWithPdftoppm(path, pageCount: 1, maxMeanDifference: 2.5, maxDarkFractionDifference: 0.25);
    }

    [Test]
    public void Image_pages_match_pdftoppm_at_the_same_dpi()
    {
        var jpegPath = Path.Combine(_dir, "page.jpg");
        ImageMagick.Run("-size", "400x300", "plasma:fractal", "-seed", "9", "-quality", "92", jpegPath);
        var jpeg = File.ReadAllBytes(jpegPath);
        var path = Path.Combine(_dir, "images.pdf");
        new TestPdf().AddJpegPage(jpeg, 400, 300, 300, 225).AddTextPage(300, 225, ["second page"]).Save(path);
        ComparePagesWithPdftoppm(path, pageCount: 2, maxMeanDifference: 2.0, maxDarkFractionDifference: 0.25);
    }

    [Test]
    public void Documents_render_the_same_pixels_from_parallel_threads()
    {
        var pdf = new TestPdf().AddTextPage(300, 200, Lines).AddTextPage(300, 200, ["two"]).ToBytes();
        byte[] Render(int page)
        {
            using var document = PdfDocument.Load(pdf, "parallel.pdf");
            using var image = document.RenderPage(page);
            return image.Pixels.ToArray();
        }

        var expected = Render(0);
        var results = new byte[16][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Render(i % 2 == 0 ? 0 : 1));
        for (var i = 0; i < results.Length; i += 2)
        {
            Assert.That(results[i].AsSpan().SequenceEqual(expected), Is.True, $"render {i}");
        }
    }

    [Test]
    public void Page_selection_renders_the_requested_pages_in_order()
    {
        var pdf = new TestPdf().AddTextPage(100, 100, ["a"]).AddTextPage(200, 100, ["b"]).AddTextPage(300, 100, ["c"]).ToBytes();
        using var document = PdfDocument.Load(pdf, "sel.pdf", new PdfRenderOptions { PageIndices = [2, 0] });
        Assert.That(document.SelectedPages, Is.EqualTo(new[] { 2, 0 }));
        using var first = document.RenderPage(document.SelectedPages[0]);
        Assert.That(first.Width, Is.EqualTo(600));
        var ex = Assert.Throws<PdfDecodeException>(() => PdfDocument.Load(pdf, "sel.pdf", new PdfRenderOptions { PageIndices = [3] }));
        Assert.That(ex!.Message, Does.Contain("sel.pdf").And.Contain("page index 3").And.Contain("0 to 2"));
    }

    [Test]
    public void More_pages_than_the_limit_is_an_error()
    {
        var pdf = new TestPdf().AddTextPage(100, 100, ["a"]).AddTextPage(100, 100, ["b"]).AddTextPage(100, 100, ["c"]).ToBytes();
        var ex = Assert.Throws<PdfDecodeException>(() => PdfDocument.Load(pdf, "many.pdf", new PdfRenderOptions { MaxPages = 2 }));
        Assert.That(ex!.Message, Does.Contain("many.pdf").And.Contain("3 pages").And.Contain("limit of 2"));
        using var selected = PdfDocument.Load(pdf, "many.pdf", new PdfRenderOptions { MaxPages = 2, PageIndices = [1, 2] });
        Assert.That(selected.SelectedPages, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_page_over_the_pixel_limit_fails_before_rendering()
    {
        var pdf = new TestPdf().AddTextPage(14400, 14400, ["huge"]).ToBytes();
        using var document = PdfDocument.Load(pdf, "huge.pdf");
        var ex = Assert.Throws<PdfDecodeException>(() => document.RenderPage(0));
        Assert.That(ex!.Message, Does.Contain("huge.pdf").And.Contain("28800x28800").And.Contain("limit"));
        Assert.That(ex.PageIndex, Is.Zero);
    }

    [Test]
    public void A_file_over_the_size_limit_is_rejected()
    {
        var path = Path.Combine(_dir, "big.pdf");
        new TestPdf().AddTextPage(100, 100, ["a"]).Save(path);
        var ex = Assert.Throws<PdfDecodeException>(() => PdfDocument.Open(path, new PdfRenderOptions { MaxFileBytes = 100 }));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("limit of 100"));
    }

    [Test]
    public void Encrypted_pdf_needs_its_password()
    {
        var plain = Path.Combine(_dir, "plain.pdf");
        var locked = Path.Combine(_dir, "locked.pdf");
        new TestPdf().AddTextPage(200, 100, ["secret"]).Save(plain);
        ExternalTool.Run("/usr/bin/qpdf", "qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", plain, locked);
        var ex = Assert.Throws<PdfDecodeException>(() => PdfDocument.Open(locked));
        Assert.That(ex!.Message, Does.Contain("locked.pdf").And.Contain("encrypted").And.Contain("password"));
        var wrong = Assert.Throws<PdfDecodeException>(() => PdfDocument.Open(locked, new PdfRenderOptions { Password = "nope" }));
        Assert.That(wrong!.Message, Does.Contain("wrong"));
        using var document = PdfDocument.Open(locked, new PdfRenderOptions { Password = "user-pw" });
        using var page = document.RenderPage(0);
        Assert.That(page.Width, Is.EqualTo(400));

        var bytes = File.ReadAllBytes(locked);
        Assert.That(() => PdfDocument.Load(bytes, "body"), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("needs a password"));
        Assert.That(() => PdfDocument.Load(bytes, "body", new PdfRenderOptions { Password = "nope" }), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("wrong"));
        using var fromMemory = PdfDocument.Load(bytes, "body", new PdfRenderOptions { Password = "user-pw" });
        using var memoryPage = fromMemory.RenderPage(0);
        Assert.That(memoryPage.Height, Is.EqualTo(200));
    }

    [Test]
    public void Empty_and_non_pdf_data_are_rejected()
    {
        Assert.That(() => PdfDocument.Load(Array.Empty<byte>(), "empty.pdf"), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("empty.pdf").And.Message.Contain("0 bytes"));
        Assert.That(() => PdfDocument.Load("hello"u8.ToArray(), "note.pdf"), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("not a PDF"));
        Assert.That(() => PdfDocument.Open(Path.Combine(_dir, "missing.pdf")), Throws.TypeOf<PdfDecodeException>().With.Message.Contain("missing.pdf"));
    }

    [TestCase(0.02)]
    [TestCase(0.3)]
    public void Truncated_or_garbage_pdf_is_rejected_or_renders_what_remains(double keep)
    {
        var pdf = new TestPdf().AddTextPage(200, 100, ["a"]).AddTextPage(200, 100, ["b"]).ToBytes();
        var truncated = pdf[..(int)(pdf.Length * keep)];
        try
        {
            // Poppler rebuilds a damaged cross-reference table when it can, as PDF viewers do; what it keeps must render.
            using var document = PdfDocument.Load(truncated, "cut.pdf");
            foreach (var index in document.SelectedPages)
            {
                using var page = document.RenderPage(index);
                Assert.That(page.Width, Is.Positive);
            }
        }
        catch (PdfDecodeException ex)
        {
            Assert.That(ex.Message, Does.Contain("cut.pdf"));
        }
    }

    [Test]
    public void Garbage_after_the_header_is_a_damaged_document()
    {
        var garbage = "%PDF-1.7\n"u8.ToArray().Concat(Enumerable.Range(0, 500).Select(i => (byte)(i * 37))).ToArray();
        var ex = Assert.Throws<PdfDecodeException>(() => PdfDocument.Load(garbage, "garbage.pdf"));
        Assert.That(ex!.Message, Does.Contain("garbage.pdf"));
    }

    /// <summary>Renders every page with us and with pdftoppm (poppler's Splash rasteriser) at 144 dpi and compares statistics.</summary>
    private void ComparePagesWithPdftoppm(string path, int pageCount, double maxMeanDifference, double maxDarkFractionDifference)
    {
        var prefix = Path.Combine(_dir, "ref");
        ExternalTool.Run("/usr/bin/pdftoppm", "poppler-utils", "-r", "144", "-png", path, prefix);
        var references = Directory.GetFiles(_dir, "ref*.png").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.That(references, Has.Length.EqualTo(pageCount));
        using var document = PdfDocument.Open(path);
        for (var i = 0; i < pageCount; i++)
        {
            using var ours = document.RenderPage(i);
            var (rgb, width, height) = ImageMagick.DecodeRgb(references[i]);
            Assert.That(Math.Abs(ours.Width - width), Is.LessThanOrEqualTo(1), $"page {i} width");
            Assert.That(Math.Abs(ours.Height - height), Is.LessThanOrEqualTo(1), $"page {i} height");
            var (oursMean, oursDark) = Statistics(ours);
            var (refMean, refDark) = Statistics(rgb);
            for (var c = 0; c < 3; c++)
            {
                Assert.That(Math.Abs(oursMean[c] - refMean[c]), Is.LessThanOrEqualTo(maxMeanDifference), string.Create(CultureInfo.InvariantCulture, $"page {i} channel {c} mean {oursMean[c]:F2} vs pdftoppm {refMean[c]:F2}"));
            }

            Assert.That(Math.Abs(oursDark - refDark), Is.LessThanOrEqualTo(maxDarkFractionDifference * Math.Max(refDark, 1e-4)), $"page {i} dark pixels {oursDark} vs pdftoppm {refDark}");
        }
    }

    /// <summary>Mean R, G, B and the fraction of dark (luma under 128) pixels.</summary>
    private static (double[] Mean, double Dark) Statistics(BgrImage image)
    {
        var rgb = new byte[image.Width * image.Height * 3];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                var o = (y * image.Width + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (row[3 * x + 2], row[3 * x + 1], row[3 * x]);
            }
        }

        return Statistics(rgb);
    }

    private static (double[] Mean, double Dark) Statistics(byte[] rgb)
    {
        var sums = new double[3];
        long dark = 0;
        var pixels = rgb.Length / 3;
        for (var i = 0; i < pixels; i++)
        {
            sums[0] += rgb[3 * i];
            sums[1] += rgb[3 * i + 1];
            sums[2] += rgb[3 * i + 2];
            if (0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2] < 128)
            {
                dark++;
            }
        }

        return ([sums[0] / pixels, sums[1] / pixels, sums[2] / pixels], (double)dark / pixels);
    }
}

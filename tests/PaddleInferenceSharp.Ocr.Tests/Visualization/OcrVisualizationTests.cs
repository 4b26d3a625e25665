using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Results;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Visualization;

/// <summary>SaveToImg / RenderImages on results with known boxes over a plain page, checked pixel by pixel.</summary>
public sealed class OcrVisualizationTests
{
    private const int W = 300, H = 120;

    // The page colour, with distinct channels so that a channel-order mistake shows: B, G, R.
    private static readonly BgrColor Page = new(10, 100, 200);

    // Python's random.seed(0) then randint(0, 255) three times per box, as (r, g, b) (see PythonRandomTests).
    private static readonly BgrColor First = BgrColor.FromRgb(197, 215, 20);
    private static readonly BgrColor Second = BgrColor.FromRgb(132, 248, 207);

    private static readonly Quad Box0 = new(new(20, 20), new(120, 20), new(120, 50), new(20, 50));
    private static readonly Quad Box1 = new(new(150, 60), new(280, 60), new(280, 100), new(150, 100));

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = TestPaths.NewTempDirectory("ocr-vis");
        try
        {
            _ = FontLocator.Locate();
        }
        catch (FontNotFoundException ex)
        {
            TestPaths.MissingPrerequisite("No CJK font (apt-get install fonts-noto-cjk): " + ex.Message);
        }
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void Boxes_are_filled_in_PaddleX_colours_blended_half_with_the_page()
    {
        using var rendered = Render(Result("a.png"))[OcrResult.OcrImageKey];
        Assert.That((rendered.Width, rendered.Height), Is.EqualTo((2 * W, H)));
        AssertPixel(rendered, 70, 35, Mean(Page, First));
        AssertPixel(rendered, 20, 20, Mean(Page, First));
        AssertPixel(rendered, 120, 50, Mean(Page, First));
        AssertPixel(rendered, 215, 80, Mean(Page, Second));
        AssertPixel(rendered, 5, 5, Page);
        AssertPixel(rendered, 130, 35, Page);
        AssertPixel(rendered, 215, 110, Page);
    }

    [Test]
    public void Text_panel_has_the_box_outlines_in_colour_ink_inside_the_boxes_and_white_elsewhere()
    {
        using var rendered = Render(Result("a.png"))[OcrResult.OcrImageKey];
        // Outline corners and edges: colour AND white = the colour.
        AssertPixel(rendered, W + 20, 20, First);
        AssertPixel(rendered, W + 120, 50, First);
        AssertPixel(rendered, W + 70, 20, First);
        AssertPixel(rendered, W + 150, 60, Second);
        AssertPixel(rendered, W + 280, 80, Second);

        Assert.That(Ink(rendered, W + 21, 21, W + 119, 49), Is.GreaterThan(100), "Latin text drawn inside box 0");
        Assert.That(Ink(rendered, W + 151, 61, W + 279, 99), Is.GreaterThan(200), "CJK text drawn inside box 1");
        Assert.That(Ink(rendered, W, 0, 2 * W - 1, 15), Is.Zero, "white above the boxes");
        Assert.That(Ink(rendered, W, 104, 2 * W - 1, H - 1), Is.Zero, "white below the boxes");
        Assert.That(Ink(rendered, W + 125, 0, W + 145, H - 1), Is.Zero, "white between the boxes");
    }

    [Test]
    public void Text_is_fitted_to_the_box_height_and_starts_at_its_left_edge()
    {
        using var rendered = Render(Result("a.png"))[OcrResult.OcrImageKey];
        // "中文测试" at 0.8 x 40 = 32 px fits 130 px (4 x 32 = 128): ink spans most of the box width and height.
        var (xMin, yMin, xMax, yMax) = InkBounds(rendered, W + 151, 61, W + 279, 99);
        Assert.That(xMin - (W + 150), Is.LessThan(6));
        Assert.That(xMax - xMin, Is.GreaterThan(100));
        Assert.That(yMax - yMin, Is.GreaterThan(20));
    }

    [Test]
    public void SaveToImg_writes_png_for_png_input_that_decodes_to_the_rendered_pixels()
    {
        var result = Result("/data/scan.png");
        var files = result.SaveToImg(_dir);
        var file = Path.Combine(_dir, "scan_ocr_res_img.png");
        Assert.That(files, Is.EqualTo(new[] { file }));
        using var decoded = ImageDecoder.DecodeFile(file);
        using var rendered = Render(result)[OcrResult.OcrImageKey];
        Assert.That(decoded.Pixels.SequenceEqual(rendered.Pixels), Is.True);
    }

    [Test]
    public void SaveToImg_writes_jpeg_for_jpeg_input_and_png_for_pdf_pages()
    {
        var jpeg = Result("/data/photo.jpeg").SaveToImg(_dir);
        Assert.That(jpeg, Is.EqualTo(new[] { Path.Combine(_dir, "photo_ocr_res_img.jpeg") }));
        using (var decoded = ImageDecoder.DecodeFile(jpeg[0]))
        {
            Assert.That(ImageFormatDetector.Detect(File.ReadAllBytes(jpeg[0])), Is.EqualTo(ImageFormat.Jpeg));
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo((2 * W, H)));
            AssertPixel(decoded, 70, 35, Mean(Page, First), tolerance: 8);
            AssertPixel(decoded, 5, 5, Page, tolerance: 8);
        }

        var page = Result("/data/book.pdf") with { PageIndex = 3 };
        Assert.That(page.SaveToImg(_dir), Is.EqualTo(new[] { Path.Combine(_dir, "book_3_ocr_res_img.png") }));
    }

    [Test]
    public void SaveToImg_to_an_image_file_name_writes_the_ocr_image_there()
    {
        var target = Path.Combine(_dir, "sub", "vis.jpg");
        Assert.That(Result("a.png").SaveToImg(target), Is.EqualTo(new[] { target }));
        Assert.That(ImageFormatDetector.Detect(File.ReadAllBytes(target)), Is.EqualTo(ImageFormat.Jpeg));
    }

    [Test]
    public void The_doc_preprocessor_image_shows_the_three_pages_with_captions_when_it_ran()
    {
        using var input = Plain(W, H, Page);
        using var rotated = Plain(H, W, new BgrColor(50, 50, 50));
        using var output = Plain(H, W, new BgrColor(90, 90, 90));
        var result = Result("doc.png") with
        {
            ModelSettings = new OcrModelSettings(true, false),
            DocPreprocessorRes = new DocPreprocessing(true, true, 90),
            Images = new OcrResultImages(output.Clone(), input.Clone(), rotated.Clone()),
        };
        var files = result.SaveToImg(_dir);
        Assert.That(files, Is.EqualTo(new[] { Path.Combine(_dir, "doc_ocr_res_img.png"), Path.Combine(_dir, "doc_preprocessed_img.png") }));
        using var shown = ImageDecoder.DecodeFile(files[1]);
        Assert.That((shown.Width, shown.Height), Is.EqualTo((W + H + H, W + 25)));
        AssertPixel(shown, 5, 5, Page);
        AssertPixel(shown, W + 5, 5, new BgrColor(50, 50, 50));
        AssertPixel(shown, W + H + 5, W - 5, new BgrColor(90, 90, 90));
        AssertPixel(shown, 5, H + 5, BgrColor.White);
        Assert.That(Ink(shown, 10, W + 2, W - 1, W + 24), Is.GreaterThan(50), "caption 'Original Image'");
        Assert.That(Ink(shown, W + 10, W + 2, W + H - 1, W + 24), Is.GreaterThan(20), "caption of the rotated page");
        Assert.That(Ink(shown, 0, W + 2, 9, W + 24), Is.Zero, "captions start 10 px into their panel");
    }

    [Test]
    public void Without_retained_images_SaveToImg_says_why()
    {
        var result = Result("a.png") with { Images = null };
        var ex = Assert.Throws<InvalidOperationException>(() => result.SaveToImg(_dir));
        Assert.That(ex!.Message, Does.Contain("RetainImages").And.Contain("a.png"));
    }

    [Test]
    public void A_missing_configured_font_is_a_clear_error()
    {
        var missing = Path.Combine(_dir, "nope.ttf");
        var ex = Assert.Throws<FontNotFoundException>(() => Result("a.png").SaveToImg(_dir, missing));
        Assert.That(ex!.Message, Does.Contain(missing));
    }

    private static OcrResult Result(string inputPath) => new()
    {
        InputPath = inputPath,
        ModelSettings = new OcrModelSettings(false, false),
        DtPolys = [Box0, Box1],
        DtScores = [0.9f, 0.9f],
        TextDetParams = new TextDetParams(960, "max", 0.3, 4000, 0.6, 2.0),
        TextRecScoreThresh = 0,
        RecTexts = ["Hello", "中文测试"],
        RecScores = [0.99f, 0.98f],
        RecPolys = [Box0, Box1],
        Images = new OcrResultImages(Plain(W, H, Page)),
    };

    private static IReadOnlyDictionary<string, BgrImage> Render(OcrResult result) => result.RenderImages();

    private static BgrImage Plain(int width, int height, BgrColor color)
    {
        var image = BgrImage.Create(width, height);
        ImageFill.Fill(image, color);
        return image;
    }

    private static BgrColor Mean(BgrColor a, BgrColor b) => new((byte)((a.B + b.B) >> 1), (byte)((a.G + b.G) >> 1), (byte)((a.R + b.R) >> 1));

    private static void AssertPixel(BgrImage image, int x, int y, BgrColor expected, int tolerance = 0)
    {
        var p = image.Row(y).Slice(3 * x, 3);
        Assert.That(new[] { p[0], p[1], p[2] }, Is.EqualTo(new[] { expected.B, expected.G, expected.R }).Within(tolerance), $"pixel ({x}, {y})");
    }

    // Dark pixels (all channels below 128) in the inclusive rectangle.
    private static int Ink(BgrImage image, int x0, int y0, int x1, int y1)
    {
        var count = 0;
        for (var y = y0; y <= y1; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x <= x1; x++)
            {
                if (row[3 * x] < 128 && row[3 * x + 1] < 128 && row[3 * x + 2] < 128)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static (int XMin, int YMin, int XMax, int YMax) InkBounds(BgrImage image, int x0, int y0, int x1, int y1)
    {
        int xMin = int.MaxValue, yMin = int.MaxValue, xMax = -1, yMax = -1;
        for (var y = y0; y <= y1; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x <= x1; x++)
            {
                if (row[3 * x] < 128 && row[3 * x + 1] < 128 && row[3 * x + 2] < 128)
                {
                    (xMin, yMin, xMax, yMax) = (Math.Min(xMin, x), Math.Min(yMin, y), Math.Max(xMax, x), Math.Max(yMax, y));
                }
            }
        }

        return (xMin, yMin, xMax, yMax);
    }
}

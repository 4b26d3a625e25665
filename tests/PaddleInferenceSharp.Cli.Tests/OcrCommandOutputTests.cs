using System.Text.Json;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>paddlex-sharp's outputs: JSON and result images per image and per PDF page, the summary, the extra flags.</summary>
public sealed class OcrCommandOutputTests
{
    private static readonly string[][] PdfPages = [["Invoice 2024-0117", "Total amount 42.50 EUR"], ["Delivery on Monday"]];

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("cli-out");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private static string[] Base(string input, params string[] more) =>
    [
        "--pipeline", "OCR", "--input", input,
        "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
        "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        .. more,
    ];

    private static string NoSpaces(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    private static void WritePdf(string path)
    {
        var pdf = new TestPdf();
        foreach (var lines in PdfPages)
        {
            pdf.AddTextPage(420, 200, lines, fontSize: 16);
        }

        pdf.Save(path);
    }

    [Test]
    public void A_multi_page_pdf_gives_one_json_and_one_result_image_per_page_with_page_index()
    {
        var pdf = Path.Combine(_dir, "order.pdf");
        WritePdf(pdf);
        var output = Path.Combine(_dir, "out");

        var (code, _, stderr) = CliRunner.Run(Base(pdf, "--save_path", output, "--quiet"));

        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "order_0_ocr_res_img.png", "order_0_res.json", "order_1_ocr_res_img.png", "order_1_res.json",
        }));
        for (var page = 0; page < PdfPages.Length; page++)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, $"order_{page}_res.json")));
            Assert.That(json.RootElement.GetProperty("page_index").GetInt32(), Is.EqualTo(page));
            Assert.That(json.RootElement.GetProperty("input_path").GetString(), Is.EqualTo(pdf));
            var texts = json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => NoSpaces(t.GetString()!)).ToArray();
            Assert.That(texts, Is.EqualTo(PdfPages[page].Select(NoSpaces).ToArray()));

            // PaddleX renders PDF pages at zoom 2: 420 x 200 pt -> 840 x 400 px; the result image is twice as wide.
            using var image = ImageDecoder.DecodeFile(Path.Combine(output, $"order_{page}_ocr_res_img.png"));
            Assert.That((image.Width, image.Height), Is.EqualTo((2 * 840, 400)));
        }

        Assert.That(stderr, Does.Contain("1 of 1 inputs processed (2 pages, 3 text lines)"));
    }

    [Test]
    public void A_directory_of_images_a_pdf_and_corrupt_files_processes_all_but_the_corrupt_ones_and_exits_3()
    {
        var input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        ImageMagick.RenderText(Path.Combine(input, "a.png"), ["Hello 123"]);
        ImageMagick.Run(Path.Combine(input, "a.png"), Path.Combine(input, "b.jpg"));
        WritePdf(Path.Combine(input, "c.pdf"));
        File.WriteAllBytes(Path.Combine(input, "d.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F']);
        File.WriteAllText(Path.Combine(input, "e.pdf"), "%PDF-1.4\n1 0 obj broken");
        var output = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = CliRunner.Run(Base(input, "--save_path", output, "--batch_size", "2"));

        Assert.That(code, Is.EqualTo(3), stderr);
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "a_ocr_res_img.png", "a_res.json", "b_ocr_res_img.jpg", "b_res.json",
            "c_0_ocr_res_img.png", "c_0_res.json", "c_1_ocr_res_img.png", "c_1_res.json",
        }));
        Assert.That(ImageFormatDetector.Detect(File.ReadAllBytes(Path.Combine(output, "b_ocr_res_img.jpg"))), Is.EqualTo(ImageFormat.Jpeg));
        using (var b = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "b_res.json"))))
        {
            Assert.That(NoSpaces(b.RootElement.GetProperty("rec_texts")[0].GetString()!), Is.EqualTo("Hello123"));
            Assert.That(b.RootElement.GetProperty("page_index").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }

        Assert.That(stderr, Does.Contain("3 of 5 inputs processed (4 pages").And.Contain("2 failed").And.Contain("d.jpg").And.Contain("e.pdf"));
        // Results are printed in input order, one {"res": ...} per image or page.
        var printed = stdout.Split("{\n    \"res\": {").Length - 1;
        Assert.That(printed, Is.EqualTo(4));
    }

    [Test]
    public void Result_images_show_the_boxes_of_the_json_on_the_left_and_ink_on_the_right()
    {
        var image = Path.Combine(_dir, "box.png");
        ImageMagick.RenderText(image, ["Boxes 2024"], pointSize: 40);
        var output = Path.Combine(_dir, "out");
        var (code, _, stderr) = CliRunner.Run(Base(image, "--save_path", output, "--quiet"));
        Assert.That(code, Is.EqualTo(0), stderr);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "box_res.json")));
        var box = json.RootElement.GetProperty("rec_boxes")[0].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        using var page = ImageDecoder.DecodeFile(image);
        using var shown = ImageDecoder.DecodeFile(Path.Combine(output, "box_ocr_res_img.png"));
        Assert.That((shown.Width, shown.Height), Is.EqualTo((2 * page.Width, page.Height)));

        // The first box is filled with PaddleX's first colour, RGB (197, 215, 20), blended 50/50 with the page: at a
        // pixel inside the box the result is the floor of the mean of page and colour, channel by channel.
        var (x, y) = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
        var p = page.Row(y).Slice(3 * x, 3).ToArray();
        var s = shown.Row(y).Slice(3 * x, 3).ToArray();
        Assert.That(s, Is.EqualTo(new[] { (byte)((p[0] + 20) >> 1), (byte)((p[1] + 215) >> 1), (byte)((p[2] + 197) >> 1) }));
        // Outside the boxes the left half is the page.
        Assert.That(shown.Row(1).Slice(3, 3).ToArray(), Is.EqualTo(page.Row(1).Slice(3, 3).ToArray()));
        // The right half: the polygon's first corner in the box colour, dark text inside the box, white outside.
        var corner = json.RootElement.GetProperty("rec_polys")[0][0].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.That(shown.Row(corner[1]).Slice(3 * (page.Width + corner[0]), 3).ToArray(), Is.EqualTo(new byte[] { 20, 215, 197 }));
        Assert.That(Dark(shown, page.Width + box[0] + 1, box[1] + 1, page.Width + box[2] - 1, box[3] - 1), Is.GreaterThan(100));
        Assert.That(Dark(shown, page.Width, 0, 2 * page.Width - 1, Math.Max(0, box[1] - 2)), Is.Zero);
    }

    [Test]
    public void A_missing_font_stops_before_any_model_loads_with_exit_4()
    {
        var image = Path.Combine(_dir, "f.png");
        ImageMagick.RenderText(image, ["x"]);
        var font = Path.Combine(_dir, "missing-font.ttf");
        var (code, _, stderr) = CliRunner.Run(Base(image, "--save_path", Path.Combine(_dir, "out"), "--font_path", font));
        Assert.That(code, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain(font).And.Contain("result images"));
    }

    [Test]
    public void Extra_flags_are_accepted_and_checked()
    {
        var image = Path.Combine(_dir, "e.png");
        ImageMagick.RenderText(image, ["Flags 42"]);
        var (code, stdout, stderr) = CliRunner.Run(Base(image, "--use_hpip", "--text_rec_input_shape", "3", "48", "320", "--threads", "1", "--engine", "onnxruntime", "--verbose"));
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("use_hpip: text_detection runs on onnxruntime"));
        Assert.That(NoSpaces(stdout), Does.Contain("Flags42"));
        // --verbose logs go to stderr; stdout is only the printed result.
        Assert.That(stderr, Does.Contain("Pipeline ready"));
        Assert.That(JsonDocument.Parse(stdout).RootElement.GetProperty("res").GetProperty("input_path").GetString(), Is.EqualTo(image));

        (code, _, stderr) = CliRunner.Run(Base(image, "--batch_size", "0"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--batch_size"));
    }

    private static int Dark(BgrImage image, int x0, int y0, int x1, int y1)
    {
        var count = 0;
        for (var y = y0; y <= y1; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x <= x1; x++)
            {
                count += row[3 * x] < 128 && row[3 * x + 1] < 128 && row[3 * x + 2] < 128 ? 1 : 0;
            }
        }

        return count;
    }
}

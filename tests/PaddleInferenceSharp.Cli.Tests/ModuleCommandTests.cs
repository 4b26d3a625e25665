using System.Globalization;
using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>
/// paddlex-sharp --module NAME (and the NAME subcommands): one module on its own, printed as PaddleX's res.print()
/// and saved as save_to_json / save_to_img, checked against the pipeline command on the same dev page.
/// </summary>
public sealed class ModuleCommandTests
{
    private string _dir = null!;
    private string _page = null!;
    private string _crop = null!;
    private string _cropText = null!;
    private JsonElement _pipeline;

    [OneTimeSetUp]
    public void RunThePipelineAndCutALine()
    {
        _dir = TestPaths.NewTempDirectory("cli-modules");
        _page = TestPaths.RequiredShared("eval", "dev", "syn_001.png");
        // The pipeline with the module's detection defaults (PP-OCRv4_mobile_det's inference.yml: unclip_ratio 1.5)
        // and each line recognised alone (batch size 1), as the module runs on one crop.
        var output = Path.Combine(_dir, "pipeline");
        var (code, _, stderr) = CliRunner.Run(
            "--pipeline", "OCR", "--input", _page, "--save_path", output, "--quiet",
            "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
            "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
            "--text_det_unclip_ratio", "1.5", "--text_recognition_batch_size", "1", "--text_recognition_parallel_runs", "1");
        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "syn_001_res.json")));
        _pipeline = json.RootElement.Clone();

        // An upright line whose box is an axis-aligned rectangle: the pipeline's crop of it is exactly those pixels
        // (an identity warp), so ImageMagick cuts the same image. The shortest such line, for the orientation classifier.
        var lines = _pipeline.GetProperty("rec_polys").EnumerateArray()
            .Select((poly, i) => (Corners: poly.EnumerateArray().Select(p => (X: p[0].GetInt32(), Y: p[1].GetInt32())).ToArray(), Index: i))
            .Where(l => l.Corners[0].Y == l.Corners[1].Y && l.Corners[2].Y == l.Corners[3].Y && l.Corners[0].X == l.Corners[3].X && l.Corners[1].X == l.Corners[2].X)
            .ToArray();
        Assert.That(lines, Is.Not.Empty, "the page has axis-aligned line boxes");
        var (corners, index) = lines.MinBy(l => (l.Corners[1].X - l.Corners[0].X) / (double)(l.Corners[3].Y - l.Corners[0].Y));
        var (x, y, w, h) = (corners[0].X, corners[0].Y, corners[1].X - corners[0].X, corners[3].Y - corners[0].Y);
        _crop = Path.Combine(_dir, "line.png");
        ImageMagick.Run(_page, "-crop", string.Create(CultureInfo.InvariantCulture, $"{w}x{h}+{x}+{y}"), "+repage", _crop);
        _cropText = _pipeline.GetProperty("rec_texts")[index].GetString()!;
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_dir, true);

    private static JsonElement Res(string stdout)
    {
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("res").Clone();
    }

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Test]
    public void Text_recognition_prints_PaddleXs_result_and_save_to_json_writes_it()
    {
        var output = Path.Combine(_dir, "rec");
        var (code, stdout, stderr) = CliRunner.Run("--module", "text_recognition", "--model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "--input", _crop, "--save_path", output);

        Assert.That(code, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith("{\n    \"res\": {\n        \"input_path\": "));
        var res = Res(stdout);
        Assert.That(Keys(res), Is.EqualTo(new[] { "input_path", "page_index", "rec_text", "rec_score" }));
        Assert.That(res.GetProperty("input_path").GetString(), Is.EqualTo(_crop));
        Assert.That(res.GetProperty("page_index").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(res.GetProperty("rec_text").GetString(), Is.EqualTo(_cropText), "the pipeline's text for that line");
        Assert.That(res.GetProperty("rec_score").GetDouble(), Is.InRange(0.5, 1.0));
        // save_to_json writes the printed result without the outer "res".
        // save_to_json writes the printed result without the outer "res": the same text, one level less indented.
        var lines = stdout.TrimEnd('\n').Split('\n');
        var body = string.Join('\n', lines[1..^1].Select(l => l[4..]))["\"res\": ".Length..];
        Assert.That(File.ReadAllText(Path.Combine(output, "line_res.json")), Is.EqualTo(body));
        Assert.That(File.Exists(Path.Combine(output, "line_res.png")), Is.True, "save_to_img");
        Assert.That(stderr, Does.Contain("text_recognition (PP-OCRv4_mobile_rec): 1 of 1 inputs processed (1 result)"));
    }

    [Test]
    public void The_subcommand_prints_what_the_module_flag_prints()
    {
        var rec = TestPaths.RequiredModel("PP-OCRv4_mobile_rec");
        var viaFlag = CliRunner.Run("--module", "text_recognition", "--model_dir", rec, "--input", _crop);
        var viaCommand = CliRunner.Run("text_recognition", "--model_dir", rec, "--input", _crop);
        Assert.That(viaCommand.ExitCode, Is.Zero, viaCommand.Stderr);
        Assert.That(viaCommand.Stdout, Is.EqualTo(viaFlag.Stdout));
    }

    [Test]
    public void Text_detection_prints_the_pipelines_boxes_with_their_dt_scores()
    {
        var output = Path.Combine(_dir, "det");
        var (code, stdout, stderr) = CliRunner.Run("--module", "text_detection", "--model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"), "--input", _page, "--save_path", output);

        Assert.That(code, Is.Zero, stderr);
        var res = Res(stdout);
        Assert.That(Keys(res), Is.EqualTo(new[] { "input_path", "page_index", "dt_polys", "dt_scores" }));
        static string[] Polys(JsonElement polys) => polys.EnumerateArray().Select(p => p.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)).ToArray();
        var modulePolys = Polys(res.GetProperty("dt_polys"));
        var pipelinePolys = Polys(_pipeline.GetProperty("dt_polys"));
        Assert.That(modulePolys, Has.Length.EqualTo(pipelinePolys.Length));
        // Same boxes; the pipeline sorts them into reading order, the module keeps DB's order, as PaddleX's do.
        Assert.That(modulePolys, Is.EquivalentTo(pipelinePolys));
        var scores = res.GetProperty("dt_scores").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.That(scores, Has.Length.EqualTo(modulePolys.Length));
        Assert.That(scores, Is.All.InRange(0.0, 1.0));
        using (var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "syn_001_res.json"))))
        {
            Assert.That(saved.RootElement.GetProperty("dt_scores").GetArrayLength(), Is.EqualTo(scores.Length));
        }

        Assert.That(File.Exists(Path.Combine(output, "syn_001_res.png")), Is.True, "save_to_img");
    }

    [Test]
    public void Text_line_orientation_classifies_a_directory_in_batches()
    {
        var input = Path.Combine(_dir, "orientation");
        Directory.CreateDirectory(input);
        File.Copy(_crop, Path.Combine(input, "a_upright.png"));
        ImageMagick.Run(_crop, "-rotate", "180", Path.Combine(input, "b_turned.png"));
        var (code, stdout, stderr) = CliRunner.Run("--module", "textline_orientation_classification", "--model_dir", TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"), "--input", input, "--batch_size", "2");

        Assert.That(code, Is.Zero, stderr);
        var results = stdout.Split("}\n{", StringSplitOptions.None).Select((part, i) => Res(i == 0 ? part + "}" : "{" + part)).ToArray();
        Assert.That(results.Select(r => Keys(r)), Is.All.EqualTo(new[] { "input_path", "page_index", "class_ids", "scores", "label_names" }));
        Assert.That(results.Select(r => (r.GetProperty("class_ids")[0].GetInt32(), r.GetProperty("label_names")[0].GetString())), Is.EqualTo(new[] { (0, "0"), (1, "180") }));
        Assert.That(results.Select(r => r.GetProperty("scores")[0].GetDouble()), Is.All.InRange(0.5, 1.0));
    }

    [Test]
    public void A_bad_input_is_reported_and_the_others_are_processed()
    {
        var input = Path.Combine(_dir, "mixed");
        Directory.CreateDirectory(input);
        File.Copy(_crop, Path.Combine(input, "a.png"));
        File.WriteAllBytes(Path.Combine(input, "b.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var output = Path.Combine(_dir, "mixed-out");
        var (code, _, stderr) = CliRunner.Run("text_recognition", "--model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "--input", input, "--save_path", output, "--quiet");

        Assert.That(code, Is.EqualTo(3), stderr);
        Assert.That(File.Exists(Path.Combine(output, "a_res.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "b_res.json")), Is.False);
        Assert.That(stderr, Does.Contain("1 of 2 inputs processed").And.Contain("b.png"));
    }

    [Test]
    public void Models_that_cannot_run_the_module_exit_4_naming_why()
    {
        var (code, stdout, stderr) = CliRunner.Run("--module", "text_detection", "--model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), "--input", _page);
        Assert.That(code, Is.EqualTo(4), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("is a text_recognition model (inference.yml PostProcess: CTCLabelDecode), not a text_detection model"));

        // The document modules' official weights are not available here: their topology-only exports are refused by name.
        foreach (var (module, topology) in new[] { ("doc_img_orientation_classification", "PP-LCNet_x1_0_doc_ori_topology"), ("text_image_unwarping", "UVDoc_topology") })
        {
            var dir = Path.Combine(TestPaths.SharedModels, topology);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            (code, _, stderr) = CliRunner.Run("--module", module, "--model_dir", dir, "--input", _page);
            Assert.That(code, Is.EqualTo(4), stderr);
            Assert.That(stderr, Does.Contain("no weights (inference.pdiparams)"));
        }
    }

    [Test]
    public void A_model_name_in_no_cache_offline_exits_4_naming_every_folder()
    {
        using var caches = new EmptyModelCaches();
        const string model = "PP-OCRv5_server_rec";
        var (code, stdout, stderr) = CliRunner.Run(caches.Environment, "--module", "text_recognition", "--model_name", model, "--input", _crop, "--offline");
        Assert.That(code, Is.EqualTo(4), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain($"error: Model '{model}' is not installed and downloading is off (offline mode)"));
        Assert.That(caches.FoldersFor(model, AppContext.BaseDirectory), Is.All.Matches<string>(stderr.Contains), stderr);
    }

    [Test]
    public void Usage_errors_exit_2()
    {
        var (code, _, stderr) = CliRunner.Run("--module", "table_recognition", "--input", _page);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("Unknown module 'table_recognition'").And.Contain("text_image_unwarping"));

        (code, _, stderr) = CliRunner.Run("--module", "text_detection", "--pipeline", "OCR", "--input", _page);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--module and --pipeline exclude each other"));

        (code, _, stderr) = CliRunner.Run("--module", "text_detection", "--model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--input is required"));

        (code, _, stderr) = CliRunner.Run("text_detection", "--input", _page, "--limit_type", "widest");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("'widest'"));
    }
}

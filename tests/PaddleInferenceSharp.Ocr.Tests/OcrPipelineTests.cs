using System.Text.Json;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using PaddleInferenceSharp.Ocr.Results;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>The OCR pipeline end to end on the PP-OCRv4 ONNX models installed by scripts/setup.sh.</summary>
[NonParallelizable]
public sealed class OcrPipelineTests
{
    private static readonly string[] Lines = ["Invoice 2024-0117", "Total amount 42.50 EUR", "Thank you for your order"];
    private string _dir = null!;
    private OcrPipeline _pipeline = null!;

    [OneTimeSetUp]
    public void LoadPipeline()
    {
        _dir = TestPaths.NewTempDirectory("ocr-pipeline");
        _pipeline = V4Pipelines.Create();
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        _pipeline.Dispose();
        Directory.Delete(_dir, true);
    }

    private static string[] NoSpaces(IEnumerable<string> texts) => V4Pipelines.NoSpaces(texts);

    private string Render(string name, IReadOnlyList<string> lines, params string[] extra)
    {
        var path = Path.Combine(_dir, name);
        ImageMagick.RenderText(path, lines);
        if (extra.Length > 0)
        {
            ImageMagick.Run([path, .. extra, path]);
        }

        return path;
    }

    [Test]
    public void Reads_rendered_text_lines_in_reading_order()
    {
        var result = _pipeline.Predict(Render("lines.png", Lines));
        Assert.That(NoSpaces(result.RecTexts), Is.EqualTo(NoSpaces(Lines)));
        Assert.That(result.RecTexts[2], Is.EqualTo(Lines[2]));
        Assert.That(result.RecScores, Is.All.GreaterThan(0.9f));
        Assert.That(result.DtPolys, Has.Count.EqualTo(3));
        Assert.That(result.TextlineOrientationAngles, Is.EqualTo(new[] { -1, -1, -1 }));
        // Boxes are ordered top to bottom and lie inside the image.
        Assert.That(result.RecPolys.Select(p => p.P0.Y), Is.Ordered);
    }

    [Test]
    public void Reads_a_jpeg_of_the_same_text()
    {
        var path = Render("lines.jpg", Lines, "-quality", "85");
        Assert.That(NoSpaces(_pipeline.Predict(path).RecTexts), Is.EqualTo(NoSpaces(Lines)));
    }

    [Test]
    public void Textline_orientation_turns_upside_down_lines_and_reports_angle_1()
    {
        var path = Render("upside-down.png", Lines, "-rotate", "180");
        var plain = _pipeline.Predict(path);
        Assert.That(NoSpaces(plain.RecTexts), Is.Not.EqualTo(NoSpaces(Lines.Reverse())), "without orientation the lines are read upside down");

        var result = _pipeline.Predict(path, new OcrPredictOptions { UseTextlineOrientation = true });
        Assert.That(result.ModelSettings.UseTextlineOrientation, Is.True);
        Assert.That(result.TextlineOrientationAngles, Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(NoSpaces(result.RecTexts), Is.EqualTo(NoSpaces(Lines.Reverse())));
    }

    [Test]
    public void Rec_score_thresh_drops_lines_below_it()
    {
        var path = Render("thresh.png", Lines);
        var all = _pipeline.Predict(path);
        var cut = all.RecScores.Min() + 1e-4;
        var filtered = _pipeline.Predict(path, new OcrPredictOptions { TextRecScoreThresh = cut });
        Assert.That(filtered.RecTexts, Has.Count.EqualTo(all.RecTexts.Count - 1));
        Assert.That(filtered.TextRecScoreThresh, Is.EqualTo(cut));
        Assert.That(filtered.DtPolys, Has.Count.EqualTo(all.DtPolys.Count), "detection is unchanged");
    }

    [Test]
    public void Box_thresh_of_1_leaves_nothing_detected_and_no_angles_key()
    {
        var result = _pipeline.Predict(Render("none.png", Lines), new OcrPredictOptions { TextDetBoxThresh = 1.0 });
        Assert.That(result.DtPolys, Is.Empty);
        Assert.That(result.RecTexts, Is.Empty);
        Assert.That(result.TextlineOrientationAngles, Is.Null);
        Assert.That(result.ToJson().ContainsKey("textline_orientation_angles"), Is.False);
        Assert.That(result.ToJson()["rec_boxes"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void Unclip_ratio_and_limit_side_len_change_the_boxes_as_PaddleX_describes()
    {
        var path = Render("params.png", Lines);
        var standard = _pipeline.Predict(path);
        var tight = _pipeline.Predict(path, new OcrPredictOptions { TextDetUnclipRatio = 1.2 });
        var height = (Func<PaddleInferenceSharp.Ocr.Geometry.Quad, int>)(q => q.P3.Y - q.P0.Y);
        Assert.That(tight.DtPolys.Select(height).Sum(), Is.LessThan(standard.DtPolys.Select(height).Sum()), "a smaller unclip ratio gives tighter boxes");
        var small = _pipeline.Predict(path, new OcrPredictOptions { TextDetLimitSideLen = 320, TextDetLimitType = LimitType.Max });
        Assert.That(small.TextDetParams.LimitSideLen, Is.EqualTo(320));
        Assert.That(small.DtPolys, Has.Count.EqualTo(3), "the three lines are still found at 320 px");
    }

    [Test]
    public void Saved_json_has_PaddleX_save_to_json_keys_in_order_and_value_shapes()
    {
        var result = _pipeline.Predict(Render("schema.png", Lines));
        var file = result.SaveToJson(_dir);
        Assert.That(Path.GetFileName(file), Is.EqualTo("schema_res.json"));
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        // No dt_scores: PaddleX's OCRResult._to_json writes dt_polys only (its pipeline drops the detector's scores).
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "input_path", "page_index", "model_settings", "dt_polys", "text_det_params", "text_type",
            "textline_orientation_angles", "text_rec_score_thresh", "rec_texts", "rec_scores", "rec_polys", "rec_boxes",
        }));
        Assert.That(root.GetProperty("page_index").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("model_settings").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "use_doc_preprocessor", "use_textline_orientation" }));
        Assert.That(root.GetProperty("text_det_params").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "limit_side_len", "limit_type", "thresh", "max_side_limit", "box_thresh", "unclip_ratio" }));
        Assert.That(root.GetProperty("text_type").GetString(), Is.EqualTo("general"));
        foreach (var poly in root.GetProperty("dt_polys").EnumerateArray())
        {
            Assert.That(poly.GetArrayLength(), Is.EqualTo(4));
            Assert.That(poly.EnumerateArray().All(p => p.GetArrayLength() == 2 && p.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)), Is.True);
        }

        foreach (var box in root.GetProperty("rec_boxes").EnumerateArray())
        {
            Assert.That(box.GetArrayLength(), Is.EqualTo(4));
        }

        Assert.That(root.GetProperty("rec_texts").GetArrayLength(), Is.EqualTo(root.GetProperty("rec_scores").GetArrayLength()));
        // Python writes floats with a decimal point and 4-space indentation.
        var text = File.ReadAllText(file);
        Assert.That(text, Does.Contain("\"unclip_ratio\": 2.0").And.Contain("\"text_rec_score_thresh\": 0.0").And.Contain("\n    \"input_path\""));
    }

    [Test]
    public void Rec_boxes_are_the_bounds_of_rec_polys()
    {
        var result = _pipeline.Predict(Render("bounds.png", Lines));
        for (var i = 0; i < result.RecPolys.Count; i++)
        {
            var p = result.RecPolys[i];
            var xs = new[] { p.P0.X, p.P1.X, p.P2.X, p.P3.X };
            var ys = new[] { p.P0.Y, p.P1.Y, p.P2.Y, p.P3.Y };
            Assert.That(result.RecBoxes[i], Is.EqualTo((xs.Min(), ys.Min(), xs.Max(), ys.Max())));
        }
    }

    [Test]
    public void Reads_known_lines_of_the_development_set()
    {
        var dev = TestPaths.RequiredShared("eval", "dev");
        // syn_001: a document page of 14 lines; the model drops some spaces, so compare without spaces.
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(dev, "syn_001.json"))).RootElement.GetProperty("lines")
            .EnumerateArray().Select(l => l.GetProperty("text").GetString()!.Replace(" ", "", StringComparison.Ordinal)).ToHashSet();
        var result = _pipeline.Predict(Path.Combine(dev, "syn_001.png"));
        var found = result.RecTexts.Select(t => t.Replace(" ", "", StringComparison.Ordinal)).Count(truth.Contains);
        Assert.That(found, Is.GreaterThanOrEqualTo(11), string.Join(" | ", result.RecTexts));
    }

    [Test]
    public void Optimised_onnx_graphs_give_the_same_lines_boxes_and_scores_as_the_files_as_they_are()
    {
        using var plain = OcrPipeline.Create(V4Pipelines.Options with { OptimizeOnnxGraphs = false });
        AssertSameResults(plain, _pipeline, "syn_00*.png", 2, scoreTolerance: 1e-3f);
    }

    [Test]
    public void Parallel_recognition_runs_and_parallel_crops_give_exactly_the_sequential_results()
    {
        using var sequential = OcrPipeline.Create(V4Pipelines.Options with { CpuThreads = 2, TextRecognitionParallelRuns = 1 });
        using var parallel = OcrPipeline.Create(V4Pipelines.Options with { CpuThreads = 2, TextRecognitionParallelRuns = 2 });
        AssertSameResults(sequential, parallel, "syn_01*.jpg", 3, scoreTolerance: 0);
    }

    [TestCase(0, 1, "cpu", 1)]
    [TestCase(0, 4, "cpu", 2)]
    [TestCase(0, 4, "gpu:0", 1)]
    [TestCase(3, 1, "cpu", 3)]
    public void Parallel_recognition_runs_default_to_two_when_the_models_may_use_several_threads(int asked, int threads, string device, int expected) =>
        Assert.That(OcrPipeline.RecognitionParallelRuns(new OcrPipelineOptions { TextRecognitionParallelRuns = asked, CpuThreads = threads, Device = InferenceDevice.Parse(device) }), Is.EqualTo(expected));

    [Test]
    public void Negative_parallel_recognition_runs_are_rejected() =>
        Assert.That(() => OcrPipeline.Create(V4Pipelines.Options with { TextRecognitionParallelRuns = -1 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("TextRecognitionParallelRuns"));

    [Test]
    public void In_memory_images_report_no_input_path()
    {
        using var image = ImageDecoder.DecodeFile(Render("memory.png", Lines));
        var result = _pipeline.Predict(image);
        Assert.That(result.InputPath, Is.Null);
        Assert.That(result.OutputStem(), Is.EqualTo("res"));
        Assert.That(NoSpaces(result.RecTexts), Is.EqualTo(NoSpaces(Lines)));
    }

    [Test]
    public void Tiny_images_are_padded_not_rejected()
    {
        using var image = BgrImage.Create(20, 10);
        image.Pixels.Fill(255);
        Assert.That(_pipeline.Predict(image).DtPolys, Is.Empty);
    }

    [Test]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => _pipeline.Predict(Render("cancel.png", Lines), null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_module_switched_on_without_a_model_names_the_model_and_where_to_put_it()
    {
        var ex = Assert.Throws<ModelLoadException>(() => OcrPipeline.Create(new OcrPipelineOptions
        {
            UseDocOrientationClassify = false,
            UseDocUnwarping = false,
            UseTextlineOrientation = true,
            TextLineOrientationModelName = "No-Such-Model_textline_ori",
            ModelCacheDir = _dir,
            TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        }));
        Assert.That(ex!.Message, Does.Contain("No-Such-Model_textline_ori").And.Contain(Path.Combine(_dir, "No-Such-Model_textline_ori")));
    }

    [Test]
    public void A_dictionary_that_does_not_fit_the_model_is_rejected_naming_both_counts()
    {
        var dictionary = Path.Combine(_dir, "small_dict.txt");
        File.WriteAllLines(dictionary, ["a", "b", "c"]);
        var ex = Assert.Throws<ModelLoadException>(() => OcrPipeline.Create(new OcrPipelineOptions
        {
            UseDocOrientationClassify = false,
            UseDocUnwarping = false,
            UseTextlineOrientation = false,
            TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
            TextRecognitionDictionaryPath = dictionary,
        }));
        Assert.That(ex!.Message, Does.Contain("5 classes").And.Contain("6625"));
    }

    [Test]
    public void Return_word_box_gives_words_and_boxes_inside_each_line()
    {
        var result = _pipeline.Predict(Render("words.png", ["Order 4711 shipped"]), new OcrPredictOptions { ReturnWordBox = true, TextRecCropPadding = 0.2 });
        Assert.That(result.TextWord, Is.Not.Null);
        Assert.That(result.TextWord![0], Is.EqualTo(new[] { "Order", "4711", "shipped" }));
        var line = result.RecPolys[0];
        var boxes = result.TextWordRegion![0];
        Assert.That(boxes, Has.Count.EqualTo(3));
        for (var i = 0; i < boxes.Count; i++)
        {
            Assert.That(boxes[i].P0.X, Is.GreaterThanOrEqualTo(line.P0.X));
            Assert.That(boxes[i].P1.X, Is.LessThanOrEqualTo(line.P1.X));
            Assert.That(boxes[i].P0.Y, Is.EqualTo(line.P0.Y));
            if (i > 0)
            {
                Assert.That(boxes[i].P0.X, Is.GreaterThan(boxes[i - 1].P0.X), "words are in reading order");
            }
        }

        var json = result.ToJson();
        Assert.That(json["text_word_boxes"]![0]![0]!.AsArray(), Has.Count.EqualTo(4));
        Assert.That(_pipeline.Predict(Render("nowords.png", ["x"])).ToJson().ContainsKey("text_word"), Is.False);
    }

    [Test]
    public void A_result_keeps_the_page_it_ran_on_for_SaveToImg_and_leaves_the_callers_image_alone()
    {
        var path = Path.Combine(_dir, "keep.png");
        ImageMagick.RenderText(path, [Lines[0]]);
        var fromFile = _pipeline.Predict(path);
        using var decoded = ImageDecoder.DecodeFile(path);
        Assert.That(fromFile.Images, Is.Not.Null);
        Assert.That(fromFile.Images!.Page.Pixels.SequenceEqual(decoded.Pixels), Is.True);
        Assert.That(fromFile.Images.DocInput, Is.Null, "no preprocessor, no preprocessor pages");

        var fromImage = _pipeline.Predict(decoded);
        fromImage.Images!.Dispose();
        // The caller's image was copied, not taken: it is still readable after the result's pages are released.
        Assert.That(decoded.Row(0).Length, Is.EqualTo(decoded.Width * 3));
        fromFile.Images.Dispose();
    }

    [Test]
    public void With_RetainImages_off_results_hold_no_page()
    {
        using var pipeline = OcrPipeline.Create(_pipeline.Options with { RetainImages = false });
        var path = Path.Combine(_dir, "noretain.png");
        ImageMagick.RenderText(path, [Lines[1]]);
        var result = pipeline.Predict(path);
        Assert.That(result.Images, Is.Null);
        Assert.That(result.RecTexts, Is.Not.Empty);
        Assert.Throws<InvalidOperationException>(() => result.SaveToImg(_dir));
    }

    // Both pipelines on the first development images matching the pattern and one real photo: the same lines and
    // boxes, scores within the tolerance, and enough lines for that to mean something.
    private static void AssertSameResults(OcrPipeline reference, OcrPipeline other, string devPattern, int devImages, float scoreTolerance)
    {
        var images = Directory.GetFiles(TestPaths.RequiredShared("eval", "dev"), devPattern).Order(StringComparer.Ordinal).Take(devImages)
            .Concat(Directory.GetFiles(TestPaths.RequiredShared("eval", "real"), "*.jpg").Order(StringComparer.Ordinal).Take(1));
        var lines = 0;
        foreach (var image in images)
        {
            var expected = reference.Predict(image);
            var actual = other.Predict(image);
            Assert.That(actual.RecTexts, Is.EqualTo(expected.RecTexts), image);
            Assert.That(actual.DtPolys, Is.EqualTo(expected.DtPolys), image);
            Assert.That(actual.RecScores, Is.EqualTo(expected.RecScores).Within(scoreTolerance), image);
            lines += expected.RecTexts.Count;
        }

        Assert.That(lines, Is.GreaterThan(20));
    }

    private static double TotalBoxArea(OcrResult r) =>
        r.DtPolys.Sum(q => (double)(q.Bounds().XMax - q.Bounds().XMin) * (q.Bounds().YMax - q.Bounds().YMin));

    [Test]
    public void A_higher_text_det_thresh_keeps_fewer_text_pixels_so_boxes_shrink()
    {
        var path = Render("thresh-pixels.png", Lines);
        var low = _pipeline.Predict(path, new OcrPredictOptions { TextDetThresh = 0.2 });
        var high = _pipeline.Predict(path, new OcrPredictOptions { TextDetThresh = 0.7 });
        Assert.That(high.TextDetParams.Thresh, Is.EqualTo(0.7));
        Assert.That(TotalBoxArea(high), Is.LessThan(TotalBoxArea(low)));
    }

    [Test]
    public void Limit_type_max_shrinks_large_pages_and_min_enlarges_small_ones()
    {
        // 3 lines at 32 pt: shrinking the longer side to 64 px makes the text too small to find; 'min' with the
        // same limit leaves the page as it is.
        var path = Render("limit-type.png", Lines);
        var max = _pipeline.Predict(path, new OcrPredictOptions { TextDetLimitSideLen = 64, TextDetLimitType = LimitType.Max });
        var min = _pipeline.Predict(path, new OcrPredictOptions { TextDetLimitSideLen = 64, TextDetLimitType = LimitType.Min });
        Assert.That(max.DtPolys.Count, Is.LessThan(3));
        Assert.That(min.DtPolys, Has.Count.EqualTo(3));
        Assert.That(min.TextDetParams.LimitType, Is.EqualTo("min"));
    }

    [Test]
    public void Max_side_limit_caps_the_enlarged_page()
    {
        // 'min' 4000 would enlarge the page ~17x; max_side_limit 800 caps the longer side and the lines are still found.
        var path = Render("side-limit.png", Lines);
        var capped = _pipeline.Predict(path, new OcrPredictOptions { TextDetLimitSideLen = 4000, TextDetLimitType = LimitType.Min, TextDetMaxSideLimit = 800 });
        Assert.That(capped.TextDetParams.MaxSideLimit, Is.EqualTo(800));
        Assert.That(NoSpaces(capped.RecTexts), Is.EqualTo(NoSpaces(Lines)));
    }

    [Test]
    public void The_same_settings_from_a_PaddleX_yaml_give_the_same_result()
    {
        var yaml = Path.Combine(_dir, "params.yaml");
        File.WriteAllText(yaml, """
            pipeline_name: OCR
            use_doc_preprocessor: False
            use_textline_orientation: False
            SubModules:
              TextDetection:
                limit_side_len: 736
                limit_type: min
                thresh: 0.35
                box_thresh: 0.5
                unclip_ratio: 1.8
              TextRecognition:
                score_thresh: 0.5
            """);
        var fromYaml = OcrPipelineConfig.Load(yaml) with
        {
            TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        };
        using var yamlPipeline = OcrPipeline.Create(fromYaml);
        var path = Render("yaml-equal.png", Lines);
        var expected = _pipeline.Predict(path, new OcrPredictOptions
        {
            TextDetLimitSideLen = 736,
            TextDetLimitType = LimitType.Min,
            TextDetThresh = 0.35,
            TextDetBoxThresh = 0.5,
            TextDetUnclipRatio = 1.8,
            TextRecScoreThresh = 0.5,
        });
        Assert.That(yamlPipeline.Predict(path).ToJsonString(), Is.EqualTo(expected.ToJsonString()));
    }

    [Test]
    public void Encoded_bytes_and_raw_pixels_give_the_same_result_as_the_file()
    {
        var path = Render("inputs.png", Lines);
        var fromFile = _pipeline.Predict(path);
        var fromBytes = _pipeline.Predict(File.ReadAllBytes(path), "inputs.png");
        using var decoded = ImageDecoder.DecodeFile(path);
        // Raw BGRA with a padded stride.
        var stride = decoded.Width * 4 + 16;
        var bgra = new byte[stride * decoded.Height];
        for (var y = 0; y < decoded.Height; y++)
        {
            var row = decoded.Row(y);
            for (var x = 0; x < decoded.Width; x++)
            {
                bgra[y * stride + 4 * x] = row[3 * x];
                bgra[y * stride + 4 * x + 1] = row[3 * x + 1];
                bgra[y * stride + 4 * x + 2] = row[3 * x + 2];
                bgra[y * stride + 4 * x + 3] = 255;
            }
        }

        var fromPixels = _pipeline.Predict(bgra, decoded.Width, decoded.Height, stride, PixelFormat.Bgra32);
        Assert.That(fromBytes.RecTexts, Is.EqualTo(fromFile.RecTexts));
        Assert.That(fromPixels.RecTexts, Is.EqualTo(fromFile.RecTexts));
        Assert.That(fromPixels.DtPolys, Is.EqualTo(fromFile.DtPolys));
    }

    [Test]
    public async Task PredictAsync_streams_a_directory_in_name_order()
    {
        var dir = Path.Combine(_dir, "many");
        Directory.CreateDirectory(dir);
        ImageMagick.RenderText(Path.Combine(dir, "b.png"), ["Second"]);
        ImageMagick.RenderText(Path.Combine(dir, "a.png"), ["First"]);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "ignored");
        var seen = new List<string?>();
        await foreach (var result in _pipeline.PredictAsync([dir]))
        {
            seen.Add(Path.GetFileName(result.InputPath));
        }

        Assert.That(seen, Is.EqualTo(new[] { "a.png", "b.png" }));
    }

    [Test]
    public void Print_writes_PaddleX_print_output()
    {
        var result = _pipeline.Predict(Render("print.png", ["Print me"]));
        using var indented = new StringWriter();
        result.Print(indented);
        Assert.That(indented.ToString(), Does.StartWith("{\n    \"res\": {\n        \"input_path\""));
        using var compact = new StringWriter();
        result.Print(compact, formatJson: false);
        Assert.That(compact.ToString().TrimEnd(), Does.StartWith("{\"res\": {\"input_path\": ").And.Not.Contain("\n"));
    }
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using PaddleInferenceSharp.Ocr.Results;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>
/// The OCR modules run on their own (PaddleX's <c>create_model</c> + <c>predict</c>) on a page of the development set,
/// checked against the pipeline on the same page: the same boxes, the same texts for the same line images.
/// </summary>
[NonParallelizable]
public sealed class OcrModuleTests
{
    private string _dir = null!;
    private string _pagePath = null!;
    private BgrImage _page = null!;
    private OcrResult _pipelineResult = null!;

    [OneTimeSetUp]
    public void RunThePipelineOnce()
    {
        _dir = TestPaths.NewTempDirectory("ocr-modules");
        _pagePath = TestPaths.RequiredShared("eval", "dev", "syn_001.png");
        _page = ImageDecoder.DecodeFile(_pagePath);
        // The pipeline with the detection parameters of the model's inference.yml (the module's defaults) and each
        // line recognised on its own (batch size 1, as the module is run below), so that both see the same inputs.
        using var pipeline = OcrPipeline.Create(V4Pipelines.Options with
        {
            TextDetection = new TextDetectorOptions { UnclipRatio = 1.5 },
            TextRecognitionBatchSize = 1,
            TextRecognitionParallelRuns = 1,
            RetainImages = false,
        });
        _pipelineResult = pipeline.Predict(_pagePath);
        Assert.That(_pipelineResult.RecTexts, Has.Count.GreaterThan(5), "the page has lines to compare");
    }

    [OneTimeTearDown]
    public void Delete()
    {
        _page.Dispose();
        Directory.Delete(_dir, true);
    }

    private static OcrModule Create(OcrModuleKind kind, string model, OcrModuleOptions? options = null) =>
        OcrModule.Create(kind, (options ?? new OcrModuleOptions()) with { ModelDir = model, Engine = InferenceEngineKind.OnnxRuntime });

    private BgrImage[] CropLines() => _pipelineResult.RecPolys.Select(p => PerspectiveCrop.Crop(_page, p)).ToArray();

    private static void RequireFont()
    {
        try
        {
            _ = FontLocator.Locate();
        }
        catch (FontNotFoundException ex)
        {
            TestPaths.MissingPrerequisite("No CJK font (apt-get install fonts-noto-cjk): " + ex.Message);
        }
    }

    private static string[] Keys(OcrModuleResult result) => result.ToJson().Select(p => p.Key).ToArray();

    [Test]
    public void Text_detection_finds_the_pipelines_boxes_and_scores_with_the_models_own_parameters()
    {
        using var module = Create(OcrModuleKind.TextDetection, TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
        using var result = (TextDetectionResult)module.Predict(_pagePath).Single();

        Assert.That(result.InputPath, Is.EqualTo(_pagePath));
        Assert.That(result.PageIndex, Is.Null);
        // The pipeline sorts the boxes into reading order; the module keeps DB's order. Same boxes, same scores.
        Assert.That(result.DtPolys, Is.EquivalentTo(_pipelineResult.DtPolys));
        var pipelineScores = _pipelineResult.DtPolys.Zip(_pipelineResult.DtScores).ToDictionary(p => p.First, p => p.Second);
        Assert.That(result.DtScores, Has.Count.EqualTo(result.DtPolys.Count));
        Assert.That(result.DtPolys.Zip(result.DtScores).Select(p => pipelineScores[p.First] == p.Second), Is.All.True);
        Assert.That(result.DtScores, Is.All.InRange(0f, 1f));
        Assert.That(Keys(result), Is.EqualTo(new[] { "input_path", "page_index", "dt_polys", "dt_scores" }));
    }

    [Test]
    public void Text_detection_takes_its_defaults_from_inference_yml_and_the_options_override_them()
    {
        var model = TestPaths.RequiredModel("PP-OCRv4_mobile_det");
        using (var module = (TextDetectionModule)Create(OcrModuleKind.TextDetection, model))
        {
            // PP-OCRv4_mobile_det's inference.yml: DetResizeForTest.resize_long 960; PostProcess 0.3 / 0.6 / 1.5, 1000 candidates.
            Assert.That(module.Parameters, Is.EqualTo(new TextDetectorOptions { LimitSideLen = 960, LimitType = LimitType.Max, Thresh = 0.3, BoxThresh = 0.6, UnclipRatio = 1.5, MaxCandidates = 1000 }));
            Assert.That(module.ModelName, Is.EqualTo("PP-OCRv4_mobile_det"));
        }

        using (var module = (TextDetectionModule)Create(OcrModuleKind.TextDetection, model, new OcrModuleOptions { UnclipRatio = 2.0, LimitSideLen = 736, LimitType = LimitType.Min, BoxThresh = 0.5 }))
        {
            Assert.That(module.Parameters, Is.EqualTo(new TextDetectorOptions { LimitSideLen = 736, LimitType = LimitType.Min, Thresh = 0.3, BoxThresh = 0.5, UnclipRatio = 2.0 }));
        }

        // Models outside PaddleX's PP-OCRv3/v4/v5 det list limit the shorter side to 736; no inference.yml gives DB's defaults.
        Assert.That(TextDetectorOptions.ModuleDefaults(null, "ch_PP-OCRv2_det"), Is.EqualTo(new TextDetectorOptions { LimitSideLen = 736, LimitType = LimitType.Min, UnclipRatio = 2.0 }));
    }

    [Test]
    public void Text_recognition_reads_each_line_cut_from_the_page_as_the_pipeline_reads_it()
    {
        var crops = CropLines();
        try
        {
            using var module = Create(OcrModuleKind.TextRecognition, TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            var results = module.Predict(crops).Cast<TextRecognitionResult>().ToArray();
            try
            {
                Assert.That(results.Select(r => r.RecText), Is.EqualTo(_pipelineResult.RecTexts));
                Assert.That(results.Select(r => r.RecScore), Is.EqualTo(_pipelineResult.RecScores).Within(1e-5f));
                Assert.That(results.Select(r => r.InputPath), Is.All.Null);
                Assert.That(Keys(results[0]), Is.EqualTo(new[] { "input_path", "page_index", "rec_text", "rec_score" }));
                Assert.That(results[0].ToJsonString(), Does.StartWith("{\n    \"res\": {\n        \"input_path\": null,\n        \"page_index\": null,\n        \"rec_text\": \""));
                // The result keeps its own copy of the input for drawing; the caller's image stays the caller's.
                Assert.That(results[0].InputImage, Is.Not.SameAs(crops[0]));
                Assert.That(results[0].InputImage!.Pixels.SequenceEqual(crops[0].Pixels), Is.True);
            }
            finally
            {
                Array.ForEach(results, r => r.Dispose());
            }
        }
        finally
        {
            Array.ForEach(crops, c => c.Dispose());
        }
    }

    [Test]
    public void Text_recognition_over_a_directory_names_and_saves_each_result_after_its_file()
    {
        RequireFont();
        var input = Path.Combine(_dir, "crops");
        Directory.CreateDirectory(input);
        var crops = CropLines();
        try
        {
            ImageEncoder.Save(crops[0], Path.Combine(input, "line_a.png"));
            ImageEncoder.Save(crops[1], Path.Combine(input, "line_b.png"));
        }
        finally
        {
            Array.ForEach(crops, c => c.Dispose());
        }

        var output = Path.Combine(_dir, "rec-out");
        using var module = Create(OcrModuleKind.TextRecognition, TestPaths.RequiredModel("PP-OCRv4_mobile_rec"), new OcrModuleOptions { BatchSize = 2 });
        foreach (var result in module.Predict(input))
        {
            using (result)
            {
                Assert.That(result.SaveToJson(output), Is.EqualTo(Path.Combine(output, result.OutputStem() + "_res.json")));
                var image = result.SaveToImg(output);
                Assert.That(image, Is.EqualTo(Path.Combine(output, result.OutputStem() + "_res.png")));
                using var drawn = ImageDecoder.DecodeFile(image);
                // The line with a white strip below for "text (score)".
                Assert.That((drawn.Width, drawn.Height > result.InputImage!.Height), Is.EqualTo((result.InputImage.Width, true)));
            }
        }

        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "line_a_res.json", "line_a_res.png", "line_b_res.json", "line_b_res.png" }));
        var json = File.ReadAllText(Path.Combine(output, "line_b_res.json"));
        Assert.That(json, Does.StartWith("{\n    \"input_path\": \"" + Path.Combine(input, "line_b.png") + "\",\n    \"page_index\": null,\n    \"rec_text\": \""));
    }

    [Test]
    public void Text_line_orientation_tells_a_line_from_its_upside_down_copy()
    {
        var crops = CropLines();
        // The line closest to the classifier's 192 x 48 input: longer lines are squeezed to 192 pixels and read less surely.
        var line = crops.MinBy(c => c.Width / (double)c.Height)!;
        using var turned = ImageRotation.Rotate180(line);
        try
        {
            using var module = Create(OcrModuleKind.TextLineOrientationClassification, TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"), new OcrModuleOptions { BatchSize = 2 });
            var results = module.Predict([line, turned], ["upright.png", "turned.png"]).Cast<ClassificationResult>().ToArray();
            try
            {
                Assert.That(results.Select(r => (r.ClassIds.Single(), r.LabelNames.Single())), Is.EqualTo(new[] { (0, "0"), (1, "180") }));
                Assert.That(results.Select(r => r.Scores.Single()), Is.All.InRange(0.5f, 1f));
                // PaddleX's Topk rounds the scores to 5 decimals.
                Assert.That(results.Select(r => ClassificationModule.RoundScore(r.Scores[0]) == r.Scores[0]), Is.All.True);
                Assert.That(Keys(results[0]), Is.EqualTo(new[] { "input_path", "page_index", "class_ids", "scores", "label_names" }));
                Assert.That(results[1].InputPath, Is.EqualTo("turned.png"));
            }
            finally
            {
                Array.ForEach(results, r => r.Dispose());
            }
        }
        finally
        {
            Array.ForEach(crops, c => c.Dispose());
        }
    }

    [Test]
    public void The_PP_LCNet_text_line_orientation_model_reports_its_labels()
    {
        var model = Path.Combine(TestPaths.SharedModels, "PP-LCNet_x0_25_textline_ori");
        if (!File.Exists(Path.Combine(model, "inference.pdiparams")))
        {
            TestPaths.MissingPrerequisite($"{model} is not present (../shared/models is not beside this checkout).");
        }

        var crops = CropLines();
        try
        {
            using var module = Create(OcrModuleKind.TextLineOrientationClassification, model);
            using var result = (ClassificationResult)module.Predict(crops.MinBy(c => c.Width / (double)c.Height)!);
            Assert.That(module.ModelName, Is.EqualTo("PP-LCNet_x0_25_textline_ori"));
            Assert.That(result.LabelNames.Single(), Is.EqualTo(result.ClassIds.Single() == 0 ? "0_degree" : "180_degree"));
        }
        finally
        {
            Array.ForEach(crops, c => c.Dispose());
        }
    }

    [TestCase(OcrModuleKind.DocImgOrientationClassification, "PP-LCNet_x1_0_doc_ori_topology")]
    [TestCase(OcrModuleKind.TextImageUnwarping, "UVDoc_topology")]
    public void A_model_without_its_weights_is_refused_naming_the_missing_file(OcrModuleKind kind, string topology)
    {
        var dir = Path.Combine(TestPaths.SharedModels, topology);
        if (!Directory.Exists(dir))
        {
            TestPaths.MissingPrerequisite($"{dir} is not present (../shared/models is not beside this checkout).");
        }

        var ex = Assert.Throws<ModelLoadException>(() => Create(kind, dir).Dispose());
        Assert.That(ex!.Message, Does.Contain(dir).And.Contain("no weights (inference.pdiparams)"));
    }

    [Test]
    public void Document_orientation_with_generated_weights_answers_one_of_its_four_labels()
    {
        var dir = GeneratedWeights.ModelDirectory(Topology("PP-LCNet_x1_0_doc_ori_topology"));
        try
        {
            using var module = Create(OcrModuleKind.DocImgOrientationClassification, dir);
            using var result = (ClassificationResult)module.Predict(_page, "page.png");
            string[] labels = ["0", "90", "180", "270"];
            Assert.That(result.LabelNames.Single(), Is.EqualTo(labels[result.ClassIds.Single()]));
            Assert.That(result.Scores.Single(), Is.InRange(0.25f, 1f));
            Assert.That(Keys(result), Is.EqualTo(new[] { "input_path", "page_index", "class_ids", "scores", "label_names" }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Unwarping_with_generated_weights_returns_the_page_as_doctr_img_and_saves_it_as_an_image()
    {
        var dir = GeneratedWeights.ModelDirectory(Topology("UVDoc_topology"));
        try
        {
            using var module = Create(OcrModuleKind.TextImageUnwarping, dir);
            using var small = BgrImage.Create(300, 200);
            new Random(5).NextBytes(small.Pixels);
            using var result = (UnwarpingResult)module.Predict(small, "warped.jpg");
            Assert.That((result.DoctrImg.Width, result.DoctrImg.Height), Is.EqualTo((300, 200)));
            Assert.That(result.InputImage, Is.Null, "the unwarped page is the result; the input is not kept");
            Assert.That(result.ToJsonString(null), Is.EqualTo("{\"res\": {\"input_path\": \"warped.jpg\", \"page_index\": null, \"doctr_img\": \"...\"}}"));
            var file = result.SaveToImg(_dir);
            Assert.That(file, Is.EqualTo(Path.Combine(_dir, "warped_res.jpg")));
            using var saved = ImageDecoder.DecodeFile(file);
            Assert.That((saved.Width, saved.Height), Is.EqualTo((300, 200)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Text_detection_over_a_pdf_gives_one_result_per_page_with_its_index()
    {
        var pdf = Path.Combine(_dir, "two-pages.pdf");
        new TestPdf().AddTextPage(300, 200, ["First page"]).AddTextPage(300, 200, ["Second page", "has two lines"]).Save(pdf);
        using var module = Create(OcrModuleKind.TextDetection, TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
        var results = module.Predict(pdf).Cast<TextDetectionResult>().ToArray();
        try
        {
            Assert.That(results.Select(r => (r.PageIndex, r.DtPolys.Count)), Is.EqualTo(new (int?, int)[] { (0, 1), (1, 2) }));
            Assert.That(results.Select(r => r.OutputStem()), Is.EqualTo(new[] { "two-pages_0", "two-pages_1" }));
            // PaddleX's zoom 2: 300 x 200 points render as 600 x 400 pixels.
            Assert.That(results.Select(r => (r.InputImage!.Width, r.InputImage.Height)), Is.All.EqualTo((600, 400)));
        }
        finally
        {
            Array.ForEach(results, r => r.Dispose());
        }
    }

    [Test]
    public void A_model_of_another_module_is_refused_by_its_post_processing()
    {
        var ex = Assert.Throws<ModelLoadException>(() => Create(OcrModuleKind.TextDetection, TestPaths.RequiredModel("PP-OCRv4_mobile_rec")).Dispose());
        Assert.That(ex!.Message, Does.Contain("is a text_recognition model (inference.yml PostProcess: CTCLabelDecode), not a text_detection model"));
    }

    [Test]
    public void A_model_name_found_nowhere_offline_fails_naming_the_model()
    {
        using var caches = new EmptyModelCaches();
        var ex = Assert.Throws<ModelLoadException>(() => OcrModule.Create(OcrModuleKind.TextRecognition, new OcrModuleOptions
        {
            ModelName = "no_such_PP-OCR_rec",
            ModelCacheDir = caches.ExplicitCache,
            AllowModelDownload = false,
        }).Dispose());
        Assert.That(ex!.Message, Does.Contain("Model 'no_such_PP-OCR_rec' is not installed and downloading is off").And.Contain(Path.Combine(caches.ExplicitCache, "no_such_PP-OCR_rec")));
    }

    [Test]
    public void Module_names_parse_in_PaddleOCRs_and_PaddleXs_spelling()
    {
        Assert.That(OcrModuleKinds.Names.Select(OcrModuleKinds.Parse), Is.EqualTo(Enum.GetValues<OcrModuleKind>()));
        Assert.That(OcrModuleKinds.Parse("textline_orientation"), Is.EqualTo(OcrModuleKind.TextLineOrientationClassification));
        Assert.That(OcrModuleKinds.Parse("doc_text_orientation"), Is.EqualTo(OcrModuleKind.DocImgOrientationClassification));
        Assert.That(OcrModuleKinds.Parse("image_unwarping"), Is.EqualTo(OcrModuleKind.TextImageUnwarping));
        Assert.That(() => OcrModuleKinds.Parse("table_recognition"), Throws.ArgumentException.With.Message.Contains("text_image_unwarping"));
        Assert.That(OcrModuleKinds.DefaultModelName(OcrModuleKind.TextImageUnwarping), Is.EqualTo("UVDoc"));
    }

    private static string Topology(string name)
    {
        var dir = Path.Combine(TestPaths.SharedModels, name);
        if (!File.Exists(Path.Combine(dir, "inference.json")))
        {
            TestPaths.MissingPrerequisite($"{dir} is not present (../shared/models is not beside this checkout).");
        }

        return dir;
    }
}

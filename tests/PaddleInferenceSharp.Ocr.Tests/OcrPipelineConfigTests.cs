using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

public sealed class OcrPipelineConfigTests
{
    // PaddleX's OCR.yaml layout with non-default values everywhere.
    private const string Yaml = """
        pipeline_name: OCR

        text_type: general

        use_doc_preprocessor: True
        use_textline_orientation: False

        SubPipelines:
          DocPreprocessor:
            pipeline_name: doc_preprocessor
            use_doc_orientation_classify: True
            use_doc_unwarping: False
            SubModules:
              DocOrientationClassify:
                module_name: doc_text_orientation
                model_name: PP-LCNet_x1_0_doc_ori
                model_dir: /models/doc_ori
              DocUnwarping:
                module_name: image_unwarping
                model_name: UVDoc
                model_dir: null

        SubModules:
          TextDetection:
            module_name: text_detection
            model_name: PP-OCRv5_mobile_det
            model_dir: null
            limit_side_len: 736
            limit_type: min
            max_side_limit: 3000
            thresh: 0.25
            box_thresh: 0.55
            unclip_ratio: 1.5
          TextLineOrientation:
            module_name: textline_orientation
            model_name: PP-LCNet_x0_25_textline_ori
            model_dir: null
            batch_size: 8
          TextRecognition:
            module_name: text_recognition
            model_name: PP-OCRv5_mobile_rec
            model_dir: /models/rec
            batch_size: 4
            score_thresh: 0.5
        """;

    [Test]
    public void PaddleX_yaml_sets_every_option()
    {
        var o = OcrPipelineConfig.Parse(Yaml, "OCR.yaml");
        Assert.That(o.UseDocOrientationClassify, Is.True);
        Assert.That(o.UseDocUnwarping, Is.False);
        Assert.That(o.UseTextlineOrientation, Is.False);
        Assert.That(o.DocOrientationClassifyModelDir, Is.EqualTo("/models/doc_ori"));
        Assert.That(o.DocUnwarpingModelDir, Is.Null);
        Assert.That(o.TextDetectionModelName, Is.EqualTo("PP-OCRv5_mobile_det"));
        Assert.That(o.TextDetection, Is.EqualTo(new TextDetectorOptions { LimitSideLen = 736, LimitType = LimitType.Min, MaxSideLimit = 3000, Thresh = 0.25, BoxThresh = 0.55, UnclipRatio = 1.5 }));
        Assert.That(o.TextLineOrientationBatchSize, Is.EqualTo(8));
        Assert.That(o.TextRecognitionModelName, Is.EqualTo("PP-OCRv5_mobile_rec"));
        Assert.That(o.TextRecognitionModelDir, Is.EqualTo("/models/rec"));
        Assert.That(o.TextRecognitionBatchSize, Is.EqualTo(4));
        Assert.That(o.TextRecScoreThresh, Is.EqualTo(0.5));
    }

    [Test]
    public void Use_doc_preprocessor_false_switches_both_preprocessing_steps_off()
    {
        var o = OcrPipelineConfig.Parse(Yaml.Replace("use_doc_preprocessor: True", "use_doc_preprocessor: False", StringComparison.Ordinal), "OCR.yaml");
        Assert.That(o.UseDocOrientationClassify, Is.False);
        Assert.That(o.UseDocUnwarping, Is.False);
    }

    [Test]
    public void Missing_keys_keep_PaddleX_defaults()
    {
        var o = OcrPipelineConfig.Parse("pipeline_name: OCR\nSubModules:\n  TextDetection:\n    thresh: 0.4\n", "small.yaml");
        Assert.That(o.TextDetection.Thresh, Is.EqualTo(0.4));
        Assert.That(o.TextDetection.LimitSideLen, Is.EqualTo(960));
        Assert.That(o.TextDetection.UnclipRatio, Is.EqualTo(2.0));
        Assert.That(o.UseTextlineOrientation, Is.True);
        Assert.That(o.TextRecognitionBatchSize, Is.EqualTo(6));
    }

    // A written config names the model each module uses; options that left it to the default (null) read back with
    // the name written: no model package is beside the tests, so PaddleX's and our built-in defaults.
    private static OcrPipelineOptions WithModelNamesWritten(OcrPipelineOptions options) => options with
    {
        TextDetectionModelName = options.TextDetectionModelName ?? "PP-OCRv4_mobile_det",
        TextRecognitionModelName = options.TextRecognitionModelName ?? "PP-OCRv4_mobile_rec",
        TextLineOrientationModelName = options.TextLineOrientationModelName ?? "PP-LCNet_x0_25_textline_ori",
    };

    [Test]
    public void Written_config_reads_back_to_the_same_options()
    {
        var options = new OcrPipelineOptions
        {
            UseDocUnwarping = false,
            TextDetectionModelDir = "/m/det with space",
            TextDetection = new TextDetectorOptions { LimitSideLen = 1280, LimitType = LimitType.ResizeLong, UnclipRatio = 1.6 },
            TextRecScoreThresh = 0.3,
            TextRecognitionBatchSize = 12,
            TextRecInputShape = (48, 480),
        };
        var back = OcrPipelineConfig.Parse(OcrPipelineConfig.ToYaml(options), "written.yaml");
        Assert.That(back, Is.EqualTo(WithModelNamesWritten(options)));
    }

    [Test]
    public void The_default_config_matches_PaddleX_defaults_and_is_saved_as_OCR_yaml()
    {
        var dir = TestPaths.NewTempDirectory("config");
        try
        {
            var file = OcrPipelineConfig.Save(dir);
            Assert.That(file, Is.EqualTo(Path.Combine(dir, "OCR.yaml")));
            var text = File.ReadAllText(file);
            Assert.That(text, Does.Contain("limit_side_len: 960").And.Contain("limit_type: max").And.Contain("unclip_ratio: 2.0").And.Contain("score_thresh: 0.0").And.Contain("use_textline_orientation: True"));
            Assert.That(OcrPipelineConfig.Load(file), Is.EqualTo(WithModelNamesWritten(new OcrPipelineOptions())));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase("SubModules:\n  TextDetection:\n    thresh: high\n", "'thresh' must be a number", "line 3")]
    [TestCase("SubModules:\n  TextDetection:\n    limit_type: biggest\n", "'biggest'", null)]
    [TestCase("use_textline_orientation: maybe\n", "True or False", "line 1")]
    [TestCase("pipeline_name: layout_parsing\n", "'layout_parsing'", null)]
    [TestCase("SubModules: [1, 2\n", "not valid YAML", "line")]
    [TestCase("SubModules:\n  TextDetection:\n    box_thresh: 1.5\n", "text_det_box_thresh", null)]
    public void Bad_values_name_the_file_the_key_and_the_line(string yaml, string expected, string? line)
    {
        var ex = Assert.Throws<OcrConfigurationException>(() => OcrPipelineConfig.Parse(yaml, "bad.yaml"));
        Assert.That(ex!.Message, Does.Contain("bad.yaml").And.Contain(expected));
        if (line is not null)
        {
            Assert.That(ex.Message, Does.Contain(line));
        }
    }
}

using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
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
    [Test]
    public void PaddleX_OCR_yaml_file_sets_the_pipeline_level_keys_and_the_serving_page_limit()
    {
        var o = OcrPipelineConfig.Load(TestPaths.PipelineConfig("OCR.yaml"));
        Assert.That(o.BatchSize, Is.EqualTo(4));
        Assert.That(o.UseHpip, Is.True);
        Assert.That(o.MaxNumInputImgs, Is.EqualTo(3));
        Assert.That(o.TextDetectionModelName, Is.EqualTo("PP-OCRv5_mobile_det"));
        Assert.That(o.TextDetection.LimitSideLen, Is.EqualTo(736));
        Assert.That(o.TextRecognitionModelName, Is.EqualTo("PP-OCRv5_mobile_rec"), "trailing spaces are not part of the name");

        // hpi_config is kept as data, typed as PaddleX's YAML loader types it.
        var hpi = o.HpiConfig!;
        Assert.That(hpi["backend"], Is.EqualTo("tensorrt"));
        Assert.That(hpi["auto_config"], Is.EqualTo(false));
        var backend = (IReadOnlyDictionary<string, object?>)hpi["backend_config"]!;
        Assert.That(backend["precision"], Is.EqualTo("fp16"));
        var x = (IReadOnlyList<object?>)((IReadOnlyDictionary<string, object?>)backend["dynamic_shapes"]!)["x"]!;
        Assert.That(x, Has.Count.EqualTo(3));
        Assert.That(x[2], Is.EqualTo(new object[] { 8L, 3L, 48L, 3200L }));
    }

    [Test]
    public void Missing_pipeline_level_keys_keep_the_defaults()
    {
        var o = OcrPipelineConfig.Parse(Yaml, "OCR.yaml");
        Assert.That(o.BatchSize, Is.EqualTo(1));
        Assert.That(o.UseHpip, Is.False);
        Assert.That(o.HpiConfig, Is.Null);
        Assert.That(o.MaxNumInputImgs, Is.EqualTo(10), "PaddleX serves the first 10 pages unless told otherwise");
    }

    [Test]
    public void Max_num_input_imgs_null_lifts_the_page_limit() =>
        Assert.That(OcrPipelineConfig.Parse("pipeline_name: OCR\nServing:\n  extra:\n    max_num_input_imgs: null\n", "s.yaml").MaxNumInputImgs, Is.Null);

    [Test]
    public void Hpi_config_scalars_are_typed_as_PaddleX_reads_them()
    {
        var o = OcrPipelineConfig.Parse("""
            pipeline_name: OCR
            hpi_config:
              backend: onnxruntime
              auto_paddle2onnx: yes
              threads: 8
              ratio: 0.5
              plain_exponent: 1e5
              quoted: "8"
              empty: ~
            """, "h.yaml");
        var hpi = o.HpiConfig!;
        Assert.That(hpi["auto_paddle2onnx"], Is.EqualTo(true), "YAML 1.1: yes is a boolean");
        Assert.That(hpi["threads"], Is.EqualTo(8L));
        Assert.That(hpi["ratio"], Is.EqualTo(0.5));
        Assert.That(hpi["plain_exponent"], Is.EqualTo("1e5"), "PyYAML reads a float only with a dot");
        Assert.That(hpi["quoted"], Is.EqualTo("8"));
        Assert.That(hpi["empty"], Is.Null);
    }

    [Test]
    public void Pipeline_level_keys_and_hpi_config_read_back_from_the_written_config()
    {
        var options = new OcrPipelineOptions
        {
            BatchSize = 8,
            UseHpip = true,
            MaxNumInputImgs = null,
            HpiConfig = new Dictionary<string, object?>
            {
                ["backend"] = "onnxruntime",
                ["backend_config"] = new Dictionary<string, object?> { ["cpu_num_threads"] = 10L, ["note"] = "a: b", ["flag"] = "True" },
                ["shapes"] = new List<object?> { new List<object?> { 1L, 3L }, 2.5, null, new Dictionary<string, object?>() },
            },
        };
        var text = OcrPipelineConfig.ToYaml(options);
        var back = OcrPipelineConfig.Parse(text, "written.yaml");

        Assert.That(back with { HpiConfig = null }, Is.EqualTo(WithModelNamesWritten(options) with { HpiConfig = null }), text);
        Assert.That(back.HpiConfig, Is.EqualTo(options.HpiConfig), text);
        Assert.That(text, Does.Contain("batch_size: 8\nuse_hpip: True\nhpi_config:\n  backend: onnxruntime\n"));
        Assert.That(text, Does.Contain("Serving:\n  extra:\n    max_num_input_imgs: null\n"));
    }

    [TestCase("batch_size: 0\n", "'batch_size' must be a positive integer")]
    [TestCase("Serving:\n  extra:\n    max_num_input_imgs: 0\n", "'max_num_input_imgs' must be a positive integer")]
    [TestCase("hpi_config: onnxruntime\n", "'hpi_config' must be a mapping")]
    [TestCase("use_hpip: sometimes\n", "'use_hpip' must be True or False")]
    public void Bad_pipeline_level_values_name_the_key(string yaml, string expected)
    {
        var ex = Assert.Throws<OcrConfigurationException>(() => OcrPipelineConfig.Parse("pipeline_name: OCR\n" + yaml, "bad.yaml"));
        Assert.That(ex!.Message, Does.Contain("bad.yaml").And.Contain(expected));
    }

    [Test]
    public void PaddleX_3_0_beta_file_loads_as_detection_and_recognition_with_a_warning()
    {
        var logger = new ListLogger();
        var o = OcrPipelineConfig.Load(TestPaths.PipelineConfig("OCR-3.0-beta1.yaml"), logger: logger);

        Assert.That(o.TextDetectionModelName, Is.EqualTo("PP-OCRv4_mobile_det"));
        Assert.That(o.TextDetectionModelDir, Is.Null);
        Assert.That(o.TextRecognitionModelName, Is.EqualTo("PP-OCRv4_mobile_rec"));
        Assert.That(o.TextRecognitionBatchSize, Is.EqualTo(1));
        Assert.That(o.Device, Is.EqualTo(InferenceDevice.Cpu));
        Assert.That((o.UseDocOrientationClassify, o.UseDocUnwarping, o.UseTextlineOrientation), Is.EqualTo((false, false, false)), "PaddleX 3.0 beta's OCR pipeline was detection and recognition only");
        Assert.That(logger.Messages, Has.One.Contains("OCR-3.0-beta1.yaml").And.Contains("PaddleX 3.0 beta's schema"));
    }

    [Test]
    public void PaddleX_3_0_beta_keys_set_the_device_the_batch_size_hpip_and_model_directories()
    {
        var dir = TestPaths.NewTempDirectory("beta-model");
        try
        {
            var o = OcrPipelineConfig.Parse($"""
                Global:
                  pipeline_name: OCR
                Pipeline:
                  text_det_model: {dir}
                  text_rec_model: my_models/rec
                  text_det_batch_size: 4
                  text_rec_batch_size: 8
                  device: "gpu:1"
                  use_hpip: True
                """, "beta.yaml");
            Assert.That(o.TextDetectionModelDir, Is.EqualTo(dir), "an existing directory is a model directory, as PaddleX's check_model");
            Assert.That(o.TextRecognitionModelDir, Is.EqualTo("my_models/rec"), "a path is a directory even before it exists");
            Assert.That(o.TextRecognitionModelName, Is.Null);
            Assert.That(o.TextRecognitionBatchSize, Is.EqualTo(8));
            Assert.That(o.Device, Is.EqualTo(InferenceDevice.Gpu(1)));
            Assert.That(o.UseHpip, Is.True);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void PaddleX_3_0_beta_file_is_written_back_in_the_current_schema()
    {
        var beta = OcrPipelineConfig.Load(TestPaths.PipelineConfig("OCR-3.0-beta1.yaml"));
        var text = OcrPipelineConfig.ToYaml(beta);
        Assert.That(text, Does.StartWith("pipeline_name: OCR\n").And.Not.Contain("Pipeline:\n").And.Not.Contain("Global:"));
        Assert.That(text, Does.Contain("use_doc_preprocessor: False").And.Contain("use_textline_orientation: False"));

        var logger = new ListLogger();
        var current = OcrPipelineConfig.Parse(text, "current.yaml", logger: logger);
        Assert.That(current, Is.EqualTo(WithModelNamesWritten(beta)));
        Assert.That(logger.Messages, Is.Empty, "the current schema reads without the warning");
    }

    [TestCase("Global:\n  pipeline_name: OCR\nPipeline:\n  det_model: PP-OCRv4_mobile_det\n", "unknown key 'Pipeline.det_model'", "line 4")]
    [TestCase("Global:\n  pipeline_name: seal_recognition\nPipeline:\n  text_det_model: x\n", "'seal_recognition'", null)]
    [TestCase("Pipeline:\n  text_det_model: x\n", "no Global.pipeline_name", null)]
    [TestCase("Global:\n  pipeline_name: OCR\n", "no Pipeline section", null)]
    [TestCase("Global:\n  pipeline_name: OCR\nPipeline:\n  device: tpu:x\n", "Pipeline.device", null)]
    [TestCase("pipeline_name: OCR\nPipeline:\n  text_det_model: x\n", "mixes", null)]
    public void Bad_PaddleX_3_0_beta_files_name_the_file_and_the_problem(string yaml, string expected, string? line)
    {
        var ex = Assert.Throws<OcrConfigurationException>(() => OcrPipelineConfig.Parse(yaml, "beta.yaml"));
        Assert.That(ex!.Message, Does.Contain("beta.yaml").And.Contain(expected));
        if (line is not null)
        {
            Assert.That(ex.Message, Does.Contain(line));
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Cli;

/// <summary><c>paddlex-sharp --pipeline OCR --input ...</c>: PaddleX's OCR command line.</summary>
internal sealed class OcrCommand
{
    public Option<string?> Pipeline { get; } = new("--pipeline") { Description = "The pipeline to run: OCR, or a pipeline configuration file in PaddleX's OCR.yaml schema (or PaddleX 3.0 beta's, read with a warning)." };
    public Option<string?> Input { get; } = new("--input") { Description = "An image file, a PDF, a directory of images and PDFs, or an http(s) URL of an image or PDF (public addresses only unless --allow_private_urls)." };
    public Option<string?> GetPipelineConfig { get; } = new("--get_pipeline_config") { Description = "Write the pipeline's default configuration (OCR) to --save_path (or the current directory) and exit." };
    public Option<string?> Lang { get; } = new("--lang") { Description = "Language of the text; chooses the detection and recognition models as PaddleOCR does (ch, en, korean, japan, latin languages, ...)." };
    public Option<string?> OcrVersion { get; } = new("--ocr_version") { Description = "PP-OCR version of the chosen models: PP-OCRv3, PP-OCRv4 or PP-OCRv5." };
    public Option<int[]?> TextDetInputShape { get; } = new("--text_det_input_shape") { Description = "Fixed detection input C H W instead of limit-based resizing.", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(3, 3) };
    public Option<string?> SavePath { get; } = new("--save_path") { Description = "Directory for <stem>_res.json results and <stem>_ocr_res_img images (<stem>_<page> for PDF pages)." };
    public Option<string?> Device { get; } = new("--device") { Description = "Device: cpu, gpu:0, xpu:0, npu:0, or several as gpu:0,1 (one pipeline per device, inputs spread over them; default: the pipeline configuration's, else cpu)." };
    public Option<string?> Engine { get; } = new("--engine") { Description = "Inference engine: onnxruntime, paddle or auto (default: ONNX Runtime on the CPU, Paddle Inference for other devices)." };
    public Option<int> CpuThreads { get; } = new("--cpu_threads", "--threads") { Description = "Threads per model inside one operator (0: PaddleX's 8, at most the processors available)." };
    public Option<string?> EnableMkldnn { get; } = Bool("--enable_mkldnn", "Run CPU operators through oneDNN (Paddle Inference; default True there). ONNX Runtime has no oneDNN here: True is warned about.");
    public Option<int?> MkldnnCacheCapacity { get; } = new("--mkldnn_cache_capacity") { Description = "oneDNN's cache of input shapes (10)." };
    public Option<string?> Precision { get; } = new("--precision") { Description = "fp32, fp16 (Paddle Inference on a GPU) or int8 (text detection and recognition on ONNX Runtime, quantized with the activation ranges `paddlex-sharp calibrate` measured)." };
    public Option<string?> UseTensorRt { get; } = Bool("--use_tensorrt", "Run through TensorRT subgraphs (Paddle Inference on a GPU only; refused elsewhere).");
    public Option<int?> TextRecognitionParallelRuns { get; } = new("--text_recognition_parallel_runs") { Description = "Recognition model runs of one image at the same time (0: 2 when the models may use several threads, else 1)." };
    public Option<string?> OptimizeOnnxGraphs { get; } = Bool("--optimize_onnx_graphs", "ONNX Runtime: fold scales and shifts into convolutions and fuse hard-swish before loading a model (default True; False loads the ONNX files as they are).");

    public Option<string?> UseDocOrientationClassify { get; } = Bool("--use_doc_orientation_classify", "Classify the page orientation and rotate it upright.");
    public Option<string?> UseDocUnwarping { get; } = Bool("--use_doc_unwarping", "Unwarp curved or skewed pages.");
    public Option<string?> UseTextlineOrientation { get; } = Bool("--use_textline_orientation", "Classify text lines as upright or upside down.");

    public Option<string?> DocOrientationClassifyModelName { get; } = new("--doc_orientation_classify_model_name") { Description = "Document orientation model name." };
    public Option<string?> DocOrientationClassifyModelDir { get; } = new("--doc_orientation_classify_model_dir") { Description = "Document orientation model directory." };
    public Option<string?> DocUnwarpingModelName { get; } = new("--doc_unwarping_model_name") { Description = "Unwarping model name." };
    public Option<string?> DocUnwarpingModelDir { get; } = new("--doc_unwarping_model_dir") { Description = "Unwarping model directory." };
    public Option<string?> TextDetectionModelName { get; } = new("--text_detection_model_name") { Description = "Text detection model name." };
    public Option<string?> TextDetectionModelDir { get; } = new("--text_detection_model_dir") { Description = "Text detection model directory." };
    public Option<string?> TextLineOrientationModelName { get; } = new("--textline_orientation_model_name") { Description = "Text-line orientation model name." };
    public Option<string?> TextLineOrientationModelDir { get; } = new("--textline_orientation_model_dir") { Description = "Text-line orientation model directory." };
    public Option<int?> TextLineOrientationBatchSize { get; } = new("--textline_orientation_batch_size") { Description = "Text-line orientation batch size (6)." };
    public Option<string?> TextRecognitionModelName { get; } = new("--text_recognition_model_name") { Description = "Text recognition model name." };
    public Option<string?> TextRecognitionModelDir { get; } = new("--text_recognition_model_dir") { Description = "Text recognition model directory." };
    public Option<int?> TextRecognitionBatchSize { get; } = new("--text_recognition_batch_size") { Description = "Text recognition batch size (6)." };

    public Option<int?> TextDetLimitSideLen { get; } = new("--text_det_limit_side_len") { Description = "Side length limit for detection (960)." };
    public Option<string?> TextDetLimitType { get; } = new("--text_det_limit_type") { Description = "How the limit applies: max, min or resize_long (max)." };
    public Option<int?> TextDetMaxSideLimit { get; } = new("--text_det_max_side_limit") { Description = "Hard cap on the longer resized side (4000)." };
    public Option<double?> TextDetThresh { get; } = new("--text_det_thresh") { Description = "Pixel threshold of the probability map (0.3)." };
    public Option<double?> TextDetBoxThresh { get; } = new("--text_det_box_thresh") { Description = "Minimum mean probability of a box (0.6)." };
    public Option<double?> TextDetUnclipRatio { get; } = new("--text_det_unclip_ratio") { Description = "Box expansion ratio (2.0)." };
    public Option<double?> TextRecScoreThresh { get; } = new("--text_rec_score_thresh") { Description = "Minimum recognition score of a kept line (0.0)." };
    public Option<double?> TextRecCropPadding { get; } = new("--text_rec_crop_padding") { Description = "Extra margin around lines for recognition, as a fraction of the line height (0: PaddleX's crop)." };
    public Option<string?> ReturnWordBox { get; } = Bool("--return_word_box", "Return the box of each word (text_word, text_word_region, text_word_boxes).");

    public Option<int[]?> TextRecInputShape { get; } = new("--text_rec_input_shape") { Description = "Recognition input C H W instead of the model's (3 48 320).", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(3, 3) };
    public Option<int?> BatchSize { get; } = new("--batch_size") { Description = "Inputs read and decoded together (in parallel) before recognition, as PaddleX's pipeline batch_size (default: the pipeline configuration's, else 1)." };
    public Option<bool> UseHpip { get; } = new("--use_hpip") { Description = "Choose the engine and settings per module as PaddleX's high-performance inference does: Paddle Inference (oneDNN, TensorRT on a GPU) where its library and a Paddle program are there, else ONNX Runtime; the choice is logged (also use_hpip in the pipeline configuration)." };
    public Option<string?> HpiConfig { get; } = new("--hpi_config") { Description = "With --use_hpip: PaddleX's hpi_config as a dict, e.g. {'backend': 'onnxruntime', 'backend_config': {'cpu_num_threads': 2}} (JSON or Python literal)." };
    public Option<bool> AllowPrivateUrls { get; } = new("--allow_private_urls") { Description = "Also fetch URL inputs from loopback, private and link-local addresses (the server: with --allow_url_input)." };
    public Option<bool> Offline { get; } = new("--offline") { Description = "Never download models (as PADDLEINFERENCESHARP_OFFLINE=1): a model that is not installed fails at once (exit 4), naming it and every directory looked in." };
    public Option<string?> FontPath { get; } = new("--font_path") { Description = "Font for the texts in result images (file, or file.ttc:index); default: a Noto CJK font found through fontconfig or PADDLEINFERENCESHARP_FONT_PATH." };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "Do not print results; only errors and the summary." };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log model loading and per-input progress." };

    /// <summary>The flags that build the pipeline (shared with the serve command).</summary>
    public Option[] PipelineOptions =>
    [
        Pipeline, Lang, OcrVersion, TextDetInputShape, Device, Engine, CpuThreads, EnableMkldnn, MkldnnCacheCapacity, Precision, UseTensorRt, TextRecognitionParallelRuns, OptimizeOnnxGraphs,
        UseDocOrientationClassify, UseDocUnwarping, UseTextlineOrientation,
        DocOrientationClassifyModelName, DocOrientationClassifyModelDir, DocUnwarpingModelName, DocUnwarpingModelDir,
        TextDetectionModelName, TextDetectionModelDir, TextLineOrientationModelName, TextLineOrientationModelDir, TextLineOrientationBatchSize,
        TextRecognitionModelName, TextRecognitionModelDir, TextRecognitionBatchSize,
        TextDetLimitSideLen, TextDetLimitType, TextDetMaxSideLimit, TextDetThresh, TextDetBoxThresh, TextDetUnclipRatio, TextRecScoreThresh, TextRecCropPadding, ReturnWordBox,
        TextRecInputShape, UseHpip, HpiConfig, FontPath, Offline, AllowPrivateUrls,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Input, GetPipelineConfig, SavePath, BatchSize, Quiet, Verbose }.Concat(PipelineOptions))
        {
            command.Options.Add(option);
        }
    }

    public int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (parse.GetValue(GetPipelineConfig) is { } configName)
        {
            if (!string.Equals(configName, OcrPipelineConfig.PipelineName, StringComparison.Ordinal))
            {
                stderr.WriteLine($"error: unknown pipeline '{configName}'; the available pipeline is {OcrPipelineConfig.PipelineName}.");
                return ExitCodes.Usage;
            }

            var written = OcrPipelineConfig.Save(parse.GetValue(SavePath) ?? Directory.GetCurrentDirectory());
            stdout.WriteLine($"The pipeline config has been saved to: {written}");
            return ExitCodes.Success;
        }

        var pipelineName = parse.GetValue(Pipeline);
        if (pipelineName is null || parse.GetValue(Input) is null)
        {
            stderr.WriteLine("error: --pipeline and --input are required (e.g. --pipeline OCR --input image.png).");
            return ExitCodes.Usage;
        }

        var verbose = parse.GetValue(Verbose);
        using var loggerFactory = CreateLoggerFactory(verbose);
        var logger = loggerFactory.CreateLogger("paddlex-sharp");

        OcrPipelineOptions options;
        IReadOnlyList<InferenceDevice> devices;
        try
        {
            options = BuildPipelineOptions(parse, logger);
            devices = DeviceList(parse) is { Count: > 1 } several ? several : [options.Device];
        }
        catch (Exception ex) when (ex is ArgumentException or OcrConfigurationException)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.Usage;
        }

        string[] files;
        try
        {
            files = InputFiles.Expand([parse.GetValue(Input)!]).ToArray();
        }
        catch (FileNotFoundException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.InputError;
        }

        var batchSize = parse.GetValue(BatchSize) ?? options.BatchSize;
        if (batchSize <= 0)
        {
            stderr.WriteLine($"error: --batch_size must be positive, not {batchSize}.");
            return ExitCodes.Usage;
        }

        options = options with { BatchSize = batchSize };
        var settings = new RunSettings(parse.GetValue(SavePath), parse.GetValue(Quiet), verbose, batchSize, parse.GetValue(FontPath));
        // Result images need a font; find it before loading the models rather than fail on the first page.
        if (settings.SavePath is not null)
        {
            try
            {
                var font = FontLocator.Locate(settings.FontPath);
                using var _ = FontFace.Open(font.Path, font.FaceIndex);
            }
            catch (Exception ex) when (ex is FontNotFoundException or InferenceEngineException or NativeLibraryNotFoundException)
            {
                stderr.WriteLine("error: result images cannot be drawn: " + ex.Message);
                return ExitCodes.ModelError;
            }
        }

        var pipelines = new List<OcrPipeline>(devices.Count);
        IInferenceEngine? sharedEngine = null;
        var loadStarted = Stopwatch.GetTimestamp();
        try
        {
            // Results keep their page only when it is drawn.
            options = options with { RetainImages = settings.SavePath is not null };
            if (devices.Count == 1)
            {
                pipelines.Add(OcrPipeline.Create(options, loggerFactory));
            }
            else
            {
                // PaddleX's several devices: one pipeline per device, one engine placing each on its device.
                sharedEngine = OcrPipeline.CreateEngine(options with { Device = devices[0] }, loggerFactory);
                foreach (var device in devices)
                {
                    pipelines.Add(OcrPipeline.Create(options with { Device = device }, loggerFactory, sharedEngine));
                }
            }
        }
        catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException or NotSupportedException or IOException or FormatException or OcrConfigurationException)
        {
            DisposeAll(pipelines, sharedEngine);
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.ModelError;
        }

        try
        {
            logger.LogInformation("Pipeline ready in {Elapsed:F0} ms on {Engine}, device {Devices}", Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds, pipelines[0].Engine.RuntimeDescription, string.Join(",", devices));
            return new OcrRunner(pipelines, settings, stdout, stderr, logger).Run(files, cancellationToken);
        }
        finally
        {
            DisposeAll(pipelines, sharedEngine);
        }
    }

    private static void DisposeAll(List<OcrPipeline> pipelines, IInferenceEngine? engine)
    {
        foreach (var pipeline in pipelines)
        {
            pipeline.Dispose();
        }

        engine?.Dispose();
    }

    /// <summary>The pipeline options given by --pipeline (OCR or a configuration file) and the other flags.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="logger">Receives the configuration's warnings (a file in PaddleX 3.0 beta's schema).</param>
    /// <exception cref="ArgumentException">A flag value is invalid or the pipeline is unknown.</exception>
    /// <exception cref="OcrConfigurationException">The configuration file is invalid.</exception>
    internal OcrPipelineOptions BuildPipelineOptions(ParseResult parse, ILogger logger)
    {
        var pipelineName = parse.GetValue(Pipeline) ?? OcrPipelineConfig.PipelineName;
        OcrPipelineOptions baseOptions;
        if (string.Equals(pipelineName, OcrPipelineConfig.PipelineName, StringComparison.OrdinalIgnoreCase))
        {
            baseOptions = new OcrPipelineOptions();
        }
        else if (File.Exists(pipelineName))
        {
            baseOptions = OcrPipelineConfig.Load(pipelineName, logger: logger);
        }
        else
        {
            throw new ArgumentException($"unknown pipeline '{pipelineName}': neither OCR nor an existing configuration file.");
        }

        return BuildOptions(parse, baseOptions);
    }

    private OcrPipelineOptions BuildOptions(ParseResult parse, OcrPipelineOptions current)
    {
        var detection = current.TextDetection with
        {
            LimitSideLen = parse.GetValue(TextDetLimitSideLen) ?? current.TextDetection.LimitSideLen,
            LimitType = parse.GetValue(TextDetLimitType) is { } type ? LimitTypes.Parse(type) : current.TextDetection.LimitType,
            MaxSideLimit = parse.GetValue(TextDetMaxSideLimit) ?? current.TextDetection.MaxSideLimit,
            Thresh = parse.GetValue(TextDetThresh) ?? current.TextDetection.Thresh,
            BoxThresh = parse.GetValue(TextDetBoxThresh) ?? current.TextDetection.BoxThresh,
            UnclipRatio = parse.GetValue(TextDetUnclipRatio) ?? current.TextDetection.UnclipRatio,
            InputShape = parse.GetValue(TextDetInputShape) is { Length: 3 } shape ? (shape[1], shape[2]) : current.TextDetection.InputShape,
        };
        detection.Validate();
        var engine = parse.GetValue(Engine) is { } engineName ? ParseEngine(engineName) : current.Engine;
        var device = parse.GetValue(Device) is { } deviceName ? ParseDevices(deviceName)[0] : current.Device;

        var options = current with
        {
            UseDocOrientationClassify = PaddleXValues.ParseBool(UseDocOrientationClassify.Name, parse.GetValue(UseDocOrientationClassify)) ?? current.UseDocOrientationClassify,
            UseDocUnwarping = PaddleXValues.ParseBool(UseDocUnwarping.Name, parse.GetValue(UseDocUnwarping)) ?? current.UseDocUnwarping,
            UseTextlineOrientation = PaddleXValues.ParseBool(UseTextlineOrientation.Name, parse.GetValue(UseTextlineOrientation)) ?? current.UseTextlineOrientation,
            DocOrientationClassifyModelName = parse.GetValue(DocOrientationClassifyModelName) ?? current.DocOrientationClassifyModelName,
            DocOrientationClassifyModelDir = parse.GetValue(DocOrientationClassifyModelDir) ?? current.DocOrientationClassifyModelDir,
            DocUnwarpingModelName = parse.GetValue(DocUnwarpingModelName) ?? current.DocUnwarpingModelName,
            DocUnwarpingModelDir = parse.GetValue(DocUnwarpingModelDir) ?? current.DocUnwarpingModelDir,
            Lang = parse.GetValue(Lang) ?? current.Lang,
            OcrVersion = parse.GetValue(OcrVersion) ?? current.OcrVersion,
            TextDetectionModelName = parse.GetValue(TextDetectionModelName) ?? current.TextDetectionModelName,
            TextDetectionModelDir = parse.GetValue(TextDetectionModelDir) ?? current.TextDetectionModelDir,
            TextLineOrientationModelName = parse.GetValue(TextLineOrientationModelName) ?? current.TextLineOrientationModelName,
            TextLineOrientationModelDir = parse.GetValue(TextLineOrientationModelDir) ?? current.TextLineOrientationModelDir,
            TextLineOrientationBatchSize = parse.GetValue(TextLineOrientationBatchSize) ?? current.TextLineOrientationBatchSize,
            TextRecognitionModelName = parse.GetValue(TextRecognitionModelName) ?? current.TextRecognitionModelName,
            TextRecognitionModelDir = parse.GetValue(TextRecognitionModelDir) ?? current.TextRecognitionModelDir,
            TextRecognitionBatchSize = parse.GetValue(TextRecognitionBatchSize) ?? current.TextRecognitionBatchSize,
            TextRecInputShape = parse.GetValue(TextRecInputShape) is { Length: 3 } recShape ? (recShape[1], recShape[2]) : current.TextRecInputShape,
            TextDetection = detection,
            TextRecScoreThresh = parse.GetValue(TextRecScoreThresh) ?? current.TextRecScoreThresh,
            TextRecCropPadding = parse.GetValue(TextRecCropPadding) ?? current.TextRecCropPadding,
            ReturnWordBox = PaddleXValues.ParseBool(ReturnWordBox.Name, parse.GetValue(ReturnWordBox)) ?? current.ReturnWordBox,
            Engine = engine,
            Device = device,
            CpuThreads = parse.GetValue(CpuThreads),
            EnableMkldnn = PaddleXValues.ParseBool(EnableMkldnn.Name, parse.GetValue(EnableMkldnn)) ?? current.EnableMkldnn,
            MkldnnCacheCapacity = parse.GetValue(MkldnnCacheCapacity) ?? current.MkldnnCacheCapacity,
            Precision = parse.GetValue(Precision) is { } precision ? ParsePrecision(precision) : current.Precision,
            UseTensorRt = PaddleXValues.ParseBool(UseTensorRt.Name, parse.GetValue(UseTensorRt)) ?? current.UseTensorRt,
            TextRecognitionParallelRuns = parse.GetValue(TextRecognitionParallelRuns) ?? current.TextRecognitionParallelRuns,
            OptimizeOnnxGraphs = PaddleXValues.ParseBool(OptimizeOnnxGraphs.Name, parse.GetValue(OptimizeOnnxGraphs)) ?? current.OptimizeOnnxGraphs,
            AllowModelDownload = current.AllowModelDownload && !parse.GetValue(Offline),
            UseHpip = current.UseHpip || parse.GetValue(UseHpip),
            HpiConfig = parse.GetValue(HpiConfig) is { } hpiConfig ? PaddleXValues.ParseDict(HpiConfig.Name, hpiConfig) : current.HpiConfig,
            UrlInput = current.UrlInput with { AllowPrivateAddresses = current.UrlInput.AllowPrivateAddresses || parse.GetValue(AllowPrivateUrls) },
        };

        // --lang / --ocr_version choose the models unless any detection or recognition model is named (PaddleOCR's
        // rule); an unknown combination is a usage error now, not a load error later.
        _ = options.LanguageModels;
        return options;
    }

    /// <summary>
    /// The commands' logging: everything goes to stderr, so that stdout carries only results and scripts can pipe them;
    /// warnings and errors by default, debug with <c>--verbose</c>.
    /// </summary>
    internal static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => o.SingleLine = true)
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning));

    internal static InferenceEngineKind ParseEngine(string value)
    {
        try
        {
            return InferenceEngines.Parse(value);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"unknown --engine '{value}'; expected one of: {string.Join(", ", InferenceEngines.Names)}");
        }
    }

    internal static InferencePrecision ParsePrecision(string value)
    {
        try
        {
            return InferencePrecisions.Parse(value);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"unknown --precision '{value}'; expected fp32, fp16 or int8");
        }
    }

    /// <summary>The devices --device names: one, or several in PaddleX's <c>gpu:0,1</c>; none when it is not given.</summary>
    /// <exception cref="ArgumentException">The value is not a device list.</exception>
    internal IReadOnlyList<InferenceDevice> DeviceList(ParseResult parse) => parse.GetValue(Device) is { } value ? ParseDevices(value) : [];

    internal static IReadOnlyList<InferenceDevice> ParseDevices(string value)
    {
        try
        {
            return InferenceDevice.ParseList(value);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--device: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    internal static InferenceDevice ParseDevice(string value)
    {
        try
        {
            return InferenceDevice.Parse(value);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--device: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    // PaddleX spells booleans as values (--use_textline_orientation False); they are parsed in BuildOptions.
    private static Option<string?> Bool(string name, string description) => new(name)
    {
        Description = description + " True or False.",
        HelpName = "True|False",
    };
}

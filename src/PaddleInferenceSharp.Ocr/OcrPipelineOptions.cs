using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Construction-time settings of <see cref="OcrPipeline"/>, named after PaddleX's OCR pipeline parameters and with
/// its defaults. Each module's model is given by directory (<c>*ModelDir</c>) or by name (<c>*ModelName</c>, looked
/// up in the <see cref="Models.ModelCache"/>); the directory wins when both are set. <see cref="OcrPipelineConfig"/>
/// reads and writes these settings as PaddleX's pipeline YAML.
/// </summary>
public sealed record OcrPipelineOptions
{
    /// <summary>Run document orientation classification (<c>use_doc_orientation_classify</c>, default true).</summary>
    public bool UseDocOrientationClassify { get; init; } = true;

    /// <summary>Run document unwarping (<c>use_doc_unwarping</c>, default true).</summary>
    public bool UseDocUnwarping { get; init; } = true;

    /// <summary>Run text-line orientation classification (<c>use_textline_orientation</c>, default true).</summary>
    public bool UseTextlineOrientation { get; init; } = true;

    /// <summary>Document orientation model name (<c>doc_orientation_classify_model_name</c>).</summary>
    public string DocOrientationClassifyModelName { get; init; } = "PP-LCNet_x1_0_doc_ori";

    /// <summary>Document orientation model directory (<c>doc_orientation_classify_model_dir</c>).</summary>
    public string? DocOrientationClassifyModelDir { get; init; }

    /// <summary>Unwarping model name (<c>doc_unwarping_model_name</c>).</summary>
    public string DocUnwarpingModelName { get; init; } = "UVDoc";

    /// <summary>Unwarping model directory (<c>doc_unwarping_model_dir</c>).</summary>
    public string? DocUnwarpingModelDir { get; init; }

    /// <summary>
    /// Text detection model name (<c>text_detection_model_name</c>); null takes the detection model of the model
    /// package the application references (<c>PaddleInferenceSharp.Ocr.Models.*</c>), else <c>PP-OCRv4_mobile_det</c>.
    /// </summary>
    public string? TextDetectionModelName { get; init; }

    /// <summary>Text detection model directory (<c>text_detection_model_dir</c>).</summary>
    public string? TextDetectionModelDir { get; init; }

    /// <summary>
    /// Text-line orientation model name (<c>textline_orientation_model_name</c>); null takes the text-line
    /// orientation model of the referenced model package, else PaddleX's <c>PP-LCNet_x0_25_textline_ori</c>.
    /// </summary>
    public string? TextLineOrientationModelName { get; init; }

    /// <summary>Text-line orientation model directory (<c>textline_orientation_model_dir</c>).</summary>
    public string? TextLineOrientationModelDir { get; init; }

    /// <summary>Text-line orientation batch size (<c>textline_orientation_batch_size</c>).</summary>
    public int TextLineOrientationBatchSize { get; init; } = 6;

    /// <summary>
    /// Text recognition model name (<c>text_recognition_model_name</c>); null takes the recognition model of the
    /// referenced model package, else <c>PP-OCRv4_mobile_rec</c>.
    /// </summary>
    public string? TextRecognitionModelName { get; init; }

    /// <summary>Text recognition model directory (<c>text_recognition_model_dir</c>).</summary>
    public string? TextRecognitionModelDir { get; init; }

    /// <summary>Text recognition batch size (<c>text_recognition_batch_size</c>).</summary>
    public int TextRecognitionBatchSize { get; init; } = 6;

    /// <summary>Recognition input height and width instead of the model's (<c>text_rec_input_shape</c> C H W); null keeps the model's.</summary>
    public (int Height, int Width)? TextRecInputShape { get; init; }

    /// <summary>A recognition dictionary file overriding the model's.</summary>
    public string? TextRecognitionDictionaryPath { get; init; }

    /// <summary>Detection defaults (<c>text_det_*</c>): limit 960, max, 4000, thresh 0.3, box 0.6, unclip 2.0.</summary>
    public TextDetectorOptions TextDetection { get; init; } = new();

    /// <summary>Recognition score threshold (<c>text_rec_score_thresh</c>, default 0.0).</summary>
    public double TextRecScoreThresh { get; init; }

    /// <summary>
    /// Extra margin around each line cut out for recognition, as a fraction of the line height (above and below;
    /// half of it at the line ends). 0 (default) crops exactly the detected box as PaddleX does. Not a PaddleX
    /// parameter: with tight boxes (e.g. <c>text_det_unclip_ratio</c> 1.6) a margin of 0.2 keeps PP-OCR's word
    /// spacing that tight crops lose. The reported boxes are unchanged.
    /// </summary>
    public double TextRecCropPadding { get; init; }

    /// <summary>Return per-word boxes (<c>return_word_box</c>, default false).</summary>
    public bool ReturnWordBox { get; init; }

    /// <summary>
    /// Keep the page (and the document preprocessor's intermediate pages) in each result so that
    /// <see cref="Results.OcrResult.SaveToImg"/> can draw it, as PaddleX's results do (default true). Costs
    /// width x height x 3 bytes per kept page until the result is collected or its
    /// <see cref="Results.OcrResult.Images"/> disposed; turn off when results are held in bulk and never drawn.
    /// </summary>
    public bool RetainImages { get; init; } = true;

    /// <summary>
    /// The inference engine (<see cref="InferenceEngines"/>): by default the engine package the application
    /// references (ONNX Runtime when both are). Ignored when <see cref="OcrPipeline.Create"/> is given an engine.
    /// </summary>
    public InferenceEngineKind Engine { get; init; }

    /// <summary>The device the models run on (PaddleX's <c>device</c>: <c>cpu</c>, <c>gpu:0</c>, ...; see <see cref="InferenceDevice.Parse"/>).</summary>
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>
    /// Threads per model inside one operator (PaddleX's <c>cpu_threads</c>, <c>--cpu_threads</c>); 0 takes PaddleX's
    /// default, 8, but no more than the processors available to the process.
    /// </summary>
    public int CpuThreads { get; init; }

    /// <summary>
    /// Run CPU operators through oneDNN (PaddleX's <c>enable_mkldnn</c>, default true); null: the engine's default
    /// (Paddle Inference: on; ONNX Runtime's CPU build has no oneDNN, so true there is warned about once).
    /// </summary>
    public bool? EnableMkldnn { get; init; }

    /// <summary>oneDNN's cache of input shapes (PaddleX's <c>mkldnn_cache_capacity</c>, default 10); null: the engine's default.</summary>
    public int? MkldnnCacheCapacity { get; init; }

    /// <summary>The arithmetic precision (PaddleX's <c>precision</c>: fp32, fp16 on GPUs).</summary>
    public InferencePrecision Precision { get; init; }

    /// <summary>Run through TensorRT subgraphs (PaddleX's <c>use_tensorrt</c>): the Paddle engine on a GPU only; refused elsewhere.</summary>
    public bool UseTensorRt { get; init; }

    /// <summary>
    /// Recognition model runs of one image that run at the same time (<see cref="Modules.TextRecognizerOptions.ParallelRuns"/>);
    /// 0 chooses: 2 when the models may use more than one thread (<see cref="CpuThreads"/> 0 on a multi-core machine, or
    /// above 1), else 1. The answers are the same for any value.
    /// </summary>
    public int TextRecognitionParallelRuns { get; init; }

    /// <summary>
    /// ONNX Runtime engine: before loading, fold the per-channel scales and shifts around convolutions into their
    /// weights and fuse hard-swish chains (the ONNX Runtime package's graph optimiser): the same function up to float
    /// rounding, and faster to run. Off loads the ONNX files exactly as they are.
    /// </summary>
    public bool OptimizeOnnxGraphs { get; init; } = true;

    /// <summary>Model cache root searched first for model names, and where missing models are downloaded (see <see cref="Models.ModelCache"/>).</summary>
    public string? ModelCacheDir { get; init; }

    /// <summary>
    /// Download official models that are not in the cache (as PaddleX does). False is offline mode (the CLI's
    /// <c>--offline</c>): nothing is downloaded, and a model found in no cache folder fails <see cref="OcrPipeline.Create"/>
    /// before any model loads, naming the model and every directory looked in. Defaults to false when the environment
    /// variable <c>PADDLEINFERENCESHARP_OFFLINE</c> is 1 or true, which also wins over true.
    /// </summary>
    public bool AllowModelDownload { get; init; } = !Models.ModelDownloadOptions.OfflineByEnvironment;

    /// <summary>
    /// Inputs read and decoded together, in parallel, before they are recognised one by one in order (PaddleX's
    /// pipeline-level <c>batch_size</c>, default 1): <see cref="OcrPipeline.Predict(IEnumerable{string}, OcrPredictOptions?, CancellationToken)"/>,
    /// <see cref="OcrPipeline.PredictAsync"/> and the CLI's <c>--batch_size</c>. The results are the same for any value.
    /// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>How inputs given by URL are fetched (public addresses only by default; size and time limits).</summary>
    public Inputs.UrlInputOptions UrlInput { get; init; } = new();

    /// <summary>
    /// PaddleX's <c>use_hpip</c> (high-performance inference plugin), as the pipeline YAML and <c>--use_hpip</c> give
    /// it: the engine and settings are chosen per module, and the choice is logged. Paddle Inference (oneDNN on the
    /// CPU, TensorRT on a GPU) runs a module whose model is a Paddle program when its library loads; otherwise ONNX
    /// Runtime does. <see cref="HpiConfig"/> can name the backend and its settings.
    /// </summary>
    public bool UseHpip { get; init; }

    /// <summary>
    /// PaddleX's <c>hpi_config</c> as the pipeline YAML gives it (e.g. <c>backend</c>: <c>onnxruntime</c>,
    /// <c>backend_config</c>: a mapping), or null. Keys keep PaddleX's spelling; values are <see cref="string"/>,
    /// <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, null, nested
    /// <see cref="IReadOnlyDictionary{TKey, TValue}"/> of the same shape and <see cref="IReadOnlyList{T}"/> of values.
    /// With <see cref="UseHpip"/>: <c>backend</c> <c>paddle</c>, <c>tensorrt</c> or <c>onnxruntime</c> picks the engine
    /// of every module; <c>backend_config</c> keys <c>cpu_num_threads</c>, <c>run_mode</c> (<c>paddle</c>,
    /// <c>mkldnn</c>, <c>trt_fp32</c>, <c>trt_fp16</c>) and <c>mkldnn_cache_capacity</c> are applied, others are
    /// warned about. Written back by <see cref="OcrPipelineConfig"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? HpiConfig { get; init; }

    /// <summary>
    /// PaddleX's <c>Serving.extra.max_num_input_imgs</c>: the pages of a PDF the server processes per request (10);
    /// null processes every page. Read by the server (<c>OcrServerOptions.MaxPdfPages</c> when that is not set),
    /// not by the pipeline.
    /// </summary>
    public int? MaxNumInputImgs { get; init; } = 10;

    /// <summary>The downloader used when downloads are allowed (tests give one with their own HTTP handler); null creates one.</summary>
    internal Models.ModelDownloader? ModelDownloader { get; init; }

    /// <summary>
    /// The language of the text (PaddleOCR's <c>lang</c>: ch, en, korean, japan, chinese_cht, latin languages, ...);
    /// with <see cref="OcrVersion"/> it chooses the detection and recognition models as PaddleOCR does, unless any
    /// detection or recognition model name or directory is given. Null: no choice by language.
    /// </summary>
    public string? Lang { get; init; }

    /// <summary>The PP-OCR version of the models <see cref="Lang"/> chooses (<c>PP-OCRv3</c>, <c>PP-OCRv4</c>, <c>PP-OCRv5</c>); null: the newest with models for the language.</summary>
    public string? OcrVersion { get; init; }

    /// <summary>The (detection, recognition) models <see cref="Lang"/>/<see cref="OcrVersion"/> choose, or nulls when they choose none.</summary>
    /// <exception cref="ArgumentException">An unknown version, or no models for the combination.</exception>
    internal (string? Detection, string? Recognition) LanguageModels =>
        (Lang is not null || OcrVersion is not null) && TextDetectionModelName is null && TextRecognitionModelName is null && TextDetectionModelDir is null && TextRecognitionModelDir is null
            ? Models.OcrModelCatalog.Select(Lang, OcrVersion)
            : (null, null);

    /// <summary>The detection model used: <see cref="TextDetectionModelName"/>, else the one <see cref="Lang"/> chooses, else the packaged one, else <c>PP-OCRv4_mobile_det</c>.</summary>
    internal string EffectiveTextDetectionModelName => TextDetectionModelName ?? LanguageModels.Detection ?? Models.PackagedModels.ModelFor("text_detection") ?? "PP-OCRv4_mobile_det";

    /// <summary>The recognition model used: <see cref="TextRecognitionModelName"/>, else the one <see cref="Lang"/> chooses, else the packaged one, else <c>PP-OCRv4_mobile_rec</c>.</summary>
    internal string EffectiveTextRecognitionModelName => TextRecognitionModelName ?? LanguageModels.Recognition ?? Models.PackagedModels.ModelFor("text_recognition") ?? "PP-OCRv4_mobile_rec";

    /// <summary>The text-line orientation model used: <see cref="TextLineOrientationModelName"/>, else the packaged one, else <c>PP-LCNet_x0_25_textline_ori</c>.</summary>
    internal string EffectiveTextLineOrientationModelName => TextLineOrientationModelName ?? Models.PackagedModels.ModelFor("textline_orientation") ?? "PP-LCNet_x0_25_textline_ori";

    /// <summary>Receives model download progress.</summary>
    public IProgress<Models.ModelDownloadProgress>? DownloadProgress { get; init; }
}

/// <summary>
/// Per-call overrides of <see cref="OcrPipeline"/>'s settings, as the keyword arguments of PaddleX's
/// <c>predict()</c>; null keeps the pipeline's value.
/// </summary>
public sealed record OcrPredictOptions
{
    /// <summary><c>use_doc_orientation_classify</c>.</summary>
    public bool? UseDocOrientationClassify { get; init; }

    /// <summary><c>use_doc_unwarping</c>.</summary>
    public bool? UseDocUnwarping { get; init; }

    /// <summary><c>use_textline_orientation</c>.</summary>
    public bool? UseTextlineOrientation { get; init; }

    /// <summary><c>text_det_limit_side_len</c>.</summary>
    public int? TextDetLimitSideLen { get; init; }

    /// <summary><c>text_det_limit_type</c>.</summary>
    public LimitType? TextDetLimitType { get; init; }

    /// <summary><c>text_det_max_side_limit</c>.</summary>
    public int? TextDetMaxSideLimit { get; init; }

    /// <summary><c>text_det_thresh</c>.</summary>
    public double? TextDetThresh { get; init; }

    /// <summary><c>text_det_box_thresh</c>.</summary>
    public double? TextDetBoxThresh { get; init; }

    /// <summary><c>text_det_unclip_ratio</c>.</summary>
    public double? TextDetUnclipRatio { get; init; }

    /// <summary><c>text_rec_score_thresh</c>.</summary>
    public double? TextRecScoreThresh { get; init; }

    /// <summary>See <see cref="OcrPipelineOptions.TextRecCropPadding"/>.</summary>
    public double? TextRecCropPadding { get; init; }

    /// <summary>
    /// <c>device</c>: run this call on another device than <see cref="OcrPipelineOptions.Device"/>. The pipeline loads
    /// its models there on the first call that asks (seconds) and keeps them until it is disposed. The engine is the
    /// one given to <see cref="OcrPipeline.Create"/>, or the pipeline's when it serves the device, else the one
    /// <see cref="OcrPipelineOptions.Engine"/> chooses for it (Paddle Inference for accelerators).
    /// </summary>
    public InferenceDevice? Device { get; init; }

    /// <summary><c>return_word_box</c>.</summary>
    public bool? ReturnWordBox { get; init; }
}

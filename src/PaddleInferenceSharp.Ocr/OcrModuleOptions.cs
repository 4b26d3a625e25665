using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Settings of <see cref="OcrModule.Create"/>, named after the arguments of PaddleX's <c>create_model</c>. The model is
/// given by directory (<see cref="ModelDir"/>) or by name (<see cref="ModelName"/>, looked up in the
/// <see cref="Models.ModelCache"/> and downloaded by the same rules as the pipeline's models); the directory wins.
/// Parameters left null take the model's <c>inference.yml</c> values, as PaddleX's module does.
/// </summary>
public sealed record OcrModuleOptions
{
    /// <summary>The model name (<c>model_name</c>); null takes <see cref="OcrModuleKinds.DefaultModelName"/>.</summary>
    public string? ModelName { get; init; }

    /// <summary>The model directory (<c>model_dir</c>); wins over <see cref="ModelName"/>.</summary>
    public string? ModelDir { get; init; }

    /// <summary>Images per model run (<c>batch_size</c>, 1). Text detection runs one image at a time.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Text detection: the side length limit (<c>limit_side_len</c>); null: the model's (960 for PP-OCRv3/v4/v5 det, else 736).</summary>
    public int? LimitSideLen { get; init; }

    /// <summary>Text detection: how the limit applies (<c>limit_type</c>); null: max for PP-OCRv3/v4/v5 det, else min.</summary>
    public LimitType? LimitType { get; init; }

    /// <summary>Text detection: hard cap on the longer resized side (<c>max_side_limit</c>, 4000).</summary>
    public int? MaxSideLimit { get; init; }

    /// <summary>Text detection: pixel threshold of the probability map (<c>thresh</c>); null: the model's <c>PostProcess.thresh</c> (0.3).</summary>
    public double? Thresh { get; init; }

    /// <summary>Text detection: minimum mean probability of a box (<c>box_thresh</c>); null: the model's (0.6).</summary>
    public double? BoxThresh { get; init; }

    /// <summary>Text detection: box expansion ratio (<c>unclip_ratio</c>); null: the model's (PP-OCRv4 mobile det: 1.5).</summary>
    public double? UnclipRatio { get; init; }

    /// <summary>
    /// Text detection: a fixed network input instead of limit-based resizing; text recognition: the input height and
    /// base width instead of the model's (<c>input_shape</c>, given as C H W).
    /// </summary>
    public (int Height, int Width)? InputShape { get; init; }

    /// <summary>Text recognition: a dictionary file overriding the model's.</summary>
    public string? DictionaryPath { get; init; }

    /// <summary>
    /// Keep each result's input image (text detection, recognition and the classifiers) so that
    /// <see cref="Results.OcrModuleResult.SaveToImg"/> can draw it, as PaddleX's results do (default true). The
    /// unwarped page of <see cref="OcrModuleKind.TextImageUnwarping"/> is the result itself and always kept.
    /// </summary>
    public bool RetainImages { get; init; } = true;

    /// <summary>The inference engine; by default the engine package the application references. Ignored when <see cref="OcrModule.Create"/> is given an engine.</summary>
    public InferenceEngineKind Engine { get; init; }

    /// <summary>The device the model runs on (<c>device</c>: <c>cpu</c>, <c>gpu:0</c>, ...).</summary>
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Threads of the model inside one operator (PaddleX's <c>cpu_threads</c>); 0: PaddleX's 8, at most the processors available.</summary>
    public int CpuThreads { get; init; }

    /// <summary>Run CPU operators through oneDNN (<c>enable_mkldnn</c>); null: the engine's default (see <see cref="OcrPipelineOptions.EnableMkldnn"/>).</summary>
    public bool? EnableMkldnn { get; init; }

    /// <summary>The arithmetic precision (<c>precision</c>).</summary>
    public InferencePrecision Precision { get; init; }

    /// <summary>ONNX Runtime engine: fold scales into convolutions and fuse hard-swish before loading (see <see cref="OcrPipelineOptions.OptimizeOnnxGraphs"/>).</summary>
    public bool OptimizeOnnxGraphs { get; init; } = true;

    /// <summary>Model cache root searched first for <see cref="ModelName"/>, and where a missing model is downloaded.</summary>
    public string? ModelCacheDir { get; init; }

    /// <summary>
    /// Download an official model that is not in the cache, as <see cref="OcrPipelineOptions.AllowModelDownload"/>
    /// (false is offline mode; <c>PADDLEINFERENCESHARP_OFFLINE</c> wins over true).
    /// </summary>
    public bool AllowModelDownload { get; init; } = !Models.ModelDownloadOptions.OfflineByEnvironment;

    /// <summary>Receives model download progress.</summary>
    public IProgress<Models.ModelDownloadProgress>? DownloadProgress { get; init; }

    /// <summary>The downloader used when downloads are allowed (tests give one with their own HTTP handler); null creates one.</summary>
    internal Models.ModelDownloader? ModelDownloader { get; init; }
}

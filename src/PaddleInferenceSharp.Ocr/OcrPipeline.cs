using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// PaddleX's General OCR pipeline: (document orientation, unwarping,) text detection, text-line orientation and
/// text recognition, with PaddleX's parameters, defaults, ordering and result fields.
/// </summary>
/// <remarks>
/// Thread-safety: one pipeline serves one thread at a time (its predictors are not shared). For parallel work
/// create one pipeline per worker. Modules switched off at construction are loaded on first use.
/// </remarks>
public sealed partial class OcrPipeline : IDisposable
{
    private readonly IInferenceEngine _engine;
    private readonly bool _ownsEngine;
    private readonly PredictorOptions _predictorOptions;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _moduleSettings = new();
    private readonly HighPerformanceInference? _hpi;
    private readonly Dictionary<string, (IInferenceEngine Engine, PredictorOptions Options)> _plans = new(StringComparer.Ordinal);
    private readonly ModelCache _cache;
    private readonly ILogger _logger;
    private readonly Lazy<TextDetector> _detector;
    private readonly Lazy<TextRecognizer> _recognizer;
    private readonly Lazy<TextLineOrientationClassifier> _textlineOrientation;
    private readonly Lazy<DocOrientationClassifier> _docOrientation;
    private readonly Lazy<DocUnwarper> _docUnwarper;
    private readonly DocPreprocessor _docPreprocessor;
    private readonly Lazy<UrlFetcher> _urls;
    // Threads for a page's independent CPU work (text-line crops), as many as recognition runs side by side.
    private readonly int _pageParallelism;
    private readonly ILoggerFactory? _loggerFactory;
    // Pipelines for the devices per-call options asked for (OcrPredictOptions.Device), created on first use.
    private readonly Dictionary<InferenceDevice, OcrPipeline> _onDevice = [];
    private bool _disposed;

    private OcrPipeline(OcrPipelineOptions options, IInferenceEngine engine, bool ownsEngine, ILoggerFactory? loggerFactory, ILogger logger)
    {
        _hpi = options.UseHpip ? new HighPerformanceInference(options, engine, loggerFactory, logger) : null;
        Options = options;
        _engine = engine;
        _ownsEngine = ownsEngine;
        _loggerFactory = loggerFactory;
        _logger = logger;
        _cache = new ModelCache(
            options.ModelCacheDir,
            options.AllowModelDownload ? options.ModelDownloader ?? new ModelDownloader(logger: logger) : null,
            options.DownloadProgress);
        _predictorOptions = PredictorOptionsFor(options);
        _detector = new Lazy<TextDetector>(() => TextDetector.Create(EngineFor(TextDetectionModule), OpenModel(TextDetectionModule), OptionsFor(TextDetectionModule), options.TextDetection));
        _pageParallelism = RecognitionParallelRuns(options);
        _recognizer = new Lazy<TextRecognizer>(() => TextRecognizer.Create(EngineFor(TextRecognitionModule), OpenModel(TextRecognitionModule), OptionsFor(TextRecognitionModule), new TextRecognizerOptions { BatchSize = options.TextRecognitionBatchSize, DictionaryPath = options.TextRecognitionDictionaryPath, InputShape = options.TextRecInputShape, ParallelRuns = _pageParallelism }));
        _textlineOrientation = new Lazy<TextLineOrientationClassifier>(() => TextLineOrientationClassifier.Create(EngineFor(TextLineOrientationModule), OpenModel(TextLineOrientationModule), OptionsFor(TextLineOrientationModule), options.TextLineOrientationBatchSize));
        _docOrientation = new Lazy<DocOrientationClassifier>(() => DocOrientationClassifier.Create(EngineFor(DocOrientationModule), OpenModel(DocOrientationModule), OptionsFor(DocOrientationModule)));
        _docUnwarper = new Lazy<DocUnwarper>(() => DocUnwarper.Create(EngineFor(DocUnwarpingModule), OpenModel(DocUnwarpingModule), OptionsFor(DocUnwarpingModule)));
        _docPreprocessor = new DocPreprocessor(() => _docOrientation.Value, () => _docUnwarper.Value);
        _urls = new Lazy<UrlFetcher>(() => new UrlFetcher(options.UrlInput));
    }

    /// <summary>The construction settings.</summary>
    public OcrPipelineOptions Options { get; }

    /// <summary>When set, the pipeline adds the time of each stage to it (see <see cref="StageTimings"/>).</summary>
    public StageTimings? Timings { get; set; }

    /// <summary>The engine running the models.</summary>
    public IInferenceEngine Engine => _engine;

    /// <summary>
    /// What the engine applied for each loaded module, keyed by PaddleX's module name (<c>text_detection</c>,
    /// <c>text_recognition</c>, ...): <c>engine</c>, <c>device</c>, <c>cpu_threads</c>, <c>enable_mkldnn</c>,
    /// <c>precision</c> and engine-specific keys (see <see cref="IPredictor.Settings"/>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ModuleSettings => _moduleSettings;

    /// <summary>
    /// Creates the pipeline and loads the models of the modules that are switched on; every one of them is found (or
    /// downloaded, see <see cref="OcrPipelineOptions.AllowModelDownload"/>) before any loads.
    /// </summary>
    /// <param name="options">Settings; PaddleX's defaults when null.</param>
    /// <param name="loggerFactory">Receives load and progress messages.</param>
    /// <param name="engine">An engine to use (not disposed by the pipeline); when null one is created from <see cref="OcrPipelineOptions.Engine"/>.</param>
    /// <exception cref="ModelLoadException">A model of an enabled module is missing or invalid.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static OcrPipeline Create(OcrPipelineOptions? options = null, ILoggerFactory? loggerFactory = null, IInferenceEngine? engine = null)
    {
        options ??= new OcrPipelineOptions();
        options.TextDetection.Validate();
        _ = options.LanguageModels;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "options.BatchSize");
        if (options.TextRecognitionParallelRuns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TextRecognitionParallelRuns, "TextRecognitionParallelRuns must be 0 (automatic) or positive.");
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OcrPipeline>();
        var ownsEngine = engine is null;
        engine ??= CreateEngine(options, loggerFactory);
        var pipeline = new OcrPipeline(options, engine, ownsEngine, loggerFactory, logger);
        try
        {
            pipeline.LoadModules(EnabledModules(options));
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        return pipeline;
    }

    /// <summary>
    /// Creates the engine <paramref name="options"/> ask for (<see cref="OcrPipelineOptions.Engine"/>), to share
    /// between several pipelines (pass it to <see cref="Create"/>; dispose it after them).
    /// </summary>
    /// <exception cref="InferenceEngineNotInstalledException">No package of that engine is referenced.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static IInferenceEngine CreateEngine(OcrPipelineOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new OcrPipelineOptions();
        return InferenceEngines.Create(options.Engine, new InferenceEngineOptions { Device = options.Device, LoggerFactory = loggerFactory, OptimizeOnnxGraphs = options.OptimizeOnnxGraphs });
    }

    /// <summary>Runs OCR on a decoded image.</summary>
    /// <param name="image">The page (BGR); not disposed.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="inputPath">The file the image came from, reported as <c>input_path</c>.</param>
    /// <param name="pageIndex">The PDF page, reported as <c>page_index</c>.</param>
    /// <param name="cancellationToken">Checked between stages and during inference.</param>
    /// <remarks>
    /// With <see cref="OcrPipelineOptions.RetainImages"/> the result keeps a copy of the page (see
    /// <see cref="OcrResult.Images"/>) for <see cref="OcrResult.SaveToImg"/>.
    /// </remarks>
    public OcrResult Predict(BgrImage image, OcrPredictOptions? options = null, string? inputPath = null, int? pageIndex = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PredictCore(image, imageOwned: false, options, inputPath, pageIndex, cancellationToken);
    }

    /// <summary>Disposes the models (and the engine, if the pipeline created it). Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_detector.IsValueCreated)
        {
            _detector.Value.Dispose();
        }

        if (_recognizer.IsValueCreated)
        {
            _recognizer.Value.Dispose();
        }

        if (_textlineOrientation.IsValueCreated)
        {
            _textlineOrientation.Value.Dispose();
        }

        if (_docOrientation.IsValueCreated)
        {
            _docOrientation.Value.Dispose();
        }

        if (_docUnwarper.IsValueCreated)
        {
            _docUnwarper.Value.Dispose();
        }

        if (_urls.IsValueCreated)
        {
            _urls.Value.Dispose();
        }

        lock (_onDevice)
        {
            foreach (var pipeline in _onDevice.Values)
            {
                pipeline.Dispose();
            }

            _onDevice.Clear();
        }

        foreach (var created in _hpi?.CreatedEngines ?? [])
        {
            created.Dispose();
        }

        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }
}

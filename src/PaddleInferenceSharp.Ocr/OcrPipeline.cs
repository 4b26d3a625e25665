using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
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
public sealed class OcrPipeline : IDisposable
{
    // PaddleX's sub-module keys.
    private const string DocOrientationModule = "doc_orientation_classify";
    private const string DocUnwarpingModule = "doc_unwarping";
    private const string TextDetectionModule = "text_detection";
    private const string TextRecognitionModule = "text_recognition";
    private const string TextLineOrientationModule = "textline_orientation";

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
        var modules = new List<string>(5);
        if (options.UseDocOrientationClassify)
        {
            modules.Add(DocOrientationModule);
        }

        if (options.UseDocUnwarping)
        {
            modules.Add(DocUnwarpingModule);
        }

        modules.Add(TextDetectionModule);
        modules.Add(TextRecognitionModule);
        if (options.UseTextlineOrientation)
        {
            modules.Add(TextLineOrientationModule);
        }

        try
        {
            // Find every model before loading any: one that is missing (offline, or its download failed) fails at
            // once, not after the others have spent seconds loading.
            foreach (var module in modules)
            {
                var source = ModelSource.FromDirectory(pipeline.LocateModel(module));
                if (pipeline._hpi is { } hpi)
                {
                    pipeline._plans[module] = hpi.Plan(module, source, pipeline._predictorOptions);
                }
            }

            foreach (var module in modules)
            {
                pipeline.Load(module);
            }
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

    // Runs the pipeline; an owned image is either kept by the result (RetainImages) or disposed here.
    private OcrResult PredictCore(BgrImage image, bool imageOwned, OcrPredictOptions? options, string? inputPath, int? pageIndex, CancellationToken cancellationToken)
    {
        var retained = false;
        try
        {
            return RunStages(image, imageOwned, options, inputPath, pageIndex, ref retained, cancellationToken);
        }
        finally
        {
            if (imageOwned && !retained)
            {
                image.Dispose();
            }
        }
    }

    private OcrResult RunStages(BgrImage image, bool imageOwned, OcrPredictOptions? options, string? inputPath, int? pageIndex, ref bool retained, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new OcrPredictOptions();
        if (options.Device is { } device && device != Options.Device)
        {
            return OnDevice(device).RunStages(image, imageOwned, options with { Device = null }, inputPath, pageIndex, ref retained, cancellationToken);
        }

        // PaddleX's get_model_settings: the preprocessor runs if either of its flags is on (or, if neither is given, by default).
        var useDocOrientation = options.UseDocOrientationClassify ?? Options.UseDocOrientationClassify;
        var useDocUnwarping = options.UseDocUnwarping ?? Options.UseDocUnwarping;
        var useDocPreprocessor = options.UseDocOrientationClassify is null && options.UseDocUnwarping is null
            ? Options.UseDocOrientationClassify || Options.UseDocUnwarping
            : options.UseDocOrientationClassify == true || options.UseDocUnwarping == true;
        var useTextlineOrientation = options.UseTextlineOrientation ?? Options.UseTextlineOrientation;
        var detection = Options.TextDetection with
        {
            LimitSideLen = options.TextDetLimitSideLen ?? Options.TextDetection.LimitSideLen,
            LimitType = options.TextDetLimitType ?? Options.TextDetection.LimitType,
            MaxSideLimit = options.TextDetMaxSideLimit ?? Options.TextDetection.MaxSideLimit,
            Thresh = options.TextDetThresh ?? Options.TextDetection.Thresh,
            BoxThresh = options.TextDetBoxThresh ?? Options.TextDetection.BoxThresh,
            UnclipRatio = options.TextDetUnclipRatio ?? Options.TextDetection.UnclipRatio,
        };
        detection.Validate();
        var recognition = new RecognitionSettings(
            options.TextRecScoreThresh ?? Options.TextRecScoreThresh,
            options.TextRecCropPadding ?? Options.TextRecCropPadding,
            options.ReturnWordBox ?? Options.ReturnWordBox);
        if (recognition.CropPadding < 0 || double.IsNaN(recognition.CropPadding))
        {
            throw new ArgumentOutOfRangeException(nameof(options), recognition.CropPadding, "text_rec_crop_padding must not be negative.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        DocPreprocessing? docInfo = null;
        BgrImage? preprocessed = null;
        BgrImage? rotated = null;
        var keep = Options.RetainImages;
        try
        {
            if (useDocPreprocessor)
            {
                var started = Stopwatch.GetTimestamp();
                (docInfo, preprocessed, rotated) = _docPreprocessor.Predict(image, useDocOrientation, useDocUnwarping, keep, cancellationToken);
                Timings?.Add(OcrStage.DocPreprocess, started);
            }

            var result = Recognize(preprocessed ?? image, detection, useTextlineOrientation, recognition, cancellationToken) with
            {
                InputPath = inputPath,
                PageIndex = pageIndex,
                ModelSettings = new OcrModelSettings(useDocPreprocessor, useTextlineOrientation),
                DocPreprocessorRes = docInfo,
            };
            if (!keep)
            {
                return result;
            }

            // The result keeps the pages its visualization needs; a caller's image is copied, an owned one is taken.
            var input = imageOwned ? image : image.Clone();
            retained = imageOwned;
            OcrResultImages images;
            if (preprocessed is null || docInfo is null)
            {
                images = new OcrResultImages(input);
            }
            else
            {
                images = new OcrResultImages(preprocessed, input, rotated ?? (docInfo.Angle > 0 ? preprocessed : input));
                preprocessed = null;
                rotated = null;
            }

            return result with { Images = images };
        }
        finally
        {
            preprocessed?.Dispose();
            rotated?.Dispose();
        }
    }

    // Detection, crops, text-line orientation and recognition on the (preprocessed) page.
    private OcrResult Recognize(BgrImage image, TextDetectorOptions detection, bool useTextlineOrientation, RecognitionSettings recognition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var detected = _detector.Value.Predict(image, detection, cancellationToken, Timings);
        var started = Stopwatch.GetTimestamp();
        var order = QuadBoxSorter.Order(detected.Select(d => d.Box).ToArray());
        var polys = order.Select(i => detected[i].Box).ToArray();
        var scores = order.Select(i => detected[i].Score).ToArray();
        started = Timings?.Add(OcrStage.DetPost, started) ?? started;

        var recTexts = new List<string>();
        var recScores = new List<float>();
        var recPolys = new List<Quad>();
        var words = recognition.ReturnWordBox ? new List<IReadOnlyList<string>>() : null;
        var wordRegions = recognition.ReturnWordBox ? new List<IReadOnlyList<Quad>>() : null;
        int[]? angles = null;
        if (polys.Length > 0)
        {
            var crops = new BgrImage[polys.Length];
            try
            {
                CropLines(image, polys, recognition.CropPadding, crops, cancellationToken);

                started = Timings?.Add(OcrStage.Crop, started) ?? started;

                angles = new int[polys.Length];
                if (useTextlineOrientation)
                {
                    var orientations = _textlineOrientation.Value.Predict(crops, cancellationToken);
                    for (var i = 0; i < crops.Length; i++)
                    {
                        angles[i] = orientations[i].ClassId;
                        if (orientations[i].ClassId == 1)
                        {
                            var rotated = ImageRotation.Rotate180(crops[i]);
                            crops[i].Dispose();
                            crops[i] = rotated;
                        }
                    }
                }
                else
                {
                    Array.Fill(angles, -1);
                }

                Timings?.Add(OcrStage.Orientation, started);

                // PaddleX recognises the crops sorted by width/height ratio (stable), then restores the order.
                var byRatio = Enumerable.Range(0, crops.Length).OrderBy(i => crops[i].Width / (double)crops[i].Height).ToArray();
                var recognized = _recognizer.Value.Predict(byRatio.Select(i => crops[i]).ToArray(), recognition.ReturnWordBox, cancellationToken, Timings);
                var inOrder = new TextRecognition[crops.Length];
                for (var k = 0; k < byRatio.Length; k++)
                {
                    inOrder[byRatio[k]] = recognized[k];
                }

                for (var i = 0; i < inOrder.Length; i++)
                {
                    if (inOrder[i].Score >= recognition.ScoreThresh)
                    {
                        recTexts.Add(inOrder[i].Text);
                        recScores.Add(inOrder[i].Score);
                        recPolys.Add(polys[i]);
                        if (words is not null && wordRegions is not null)
                        {
                            var (lineWords, lineBoxes) = WordBoxes.Compute(inOrder[i].Text, polys[i], inOrder[i].Columns, inOrder[i].Words!);
                            words.Add(lineWords);
                            wordRegions.Add(lineBoxes);
                        }
                    }
                }
            }
            finally
            {
                foreach (var crop in crops)
                {
                    crop?.Dispose();
                }
            }
        }

        return new OcrResult
        {
            ModelSettings = new OcrModelSettings(false, useTextlineOrientation),
            DtPolys = polys,
            DtScores = scores,
            TextDetParams = new TextDetParams(detection.LimitSideLen, LimitTypes.Format(detection.LimitType), detection.Thresh, detection.MaxSideLimit, detection.BoxThresh, detection.UnclipRatio),
            TextlineOrientationAngles = angles,
            TextRecScoreThresh = recognition.ScoreThresh,
            RecTexts = recTexts,
            RecScores = recScores,
            RecPolys = recPolys,
            TextWord = words,
            TextWordRegion = wordRegions,
        };
    }

    private readonly record struct RecognitionSettings(double ScoreThresh, double CropPadding, bool ReturnWordBox);

    /// <summary>
    /// Runs OCR on an image file, or an image at an http(s) URL (fetched under <see cref="OcrPipelineOptions.UrlInput"/>;
    /// <c>input_path</c> is the URL without its query). For PDFs, which give one result per page, use
    /// <see cref="PredictPages(string, OcrPredictOptions?, PdfRenderOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ImageDecodeException">The file cannot be read or decoded, or is a PDF (<see cref="PdfDecodeException"/>).</exception>
    /// <exception cref="UrlInputException">The URL is refused by the address policy or cannot be downloaded.</exception>
    public OcrResult Predict(string imagePath, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        using var input = ReadInput(imagePath, cancellationToken);
        Timings?.Add(OcrStage.Decode, input.ReadTime);
        if (input.TakeImage() is not { } image)
        {
            throw new PdfDecodeException(input.Name, "a PDF gives one result per page: call OcrPipeline.PredictPages (or Predict with a list of inputs)");
        }

        return PredictCore(image, imageOwned: true, options, input.Name, null, cancellationToken);
    }

    /// <summary>
    /// Runs OCR on an image file (one result, <c>page_index</c> null) or on each selected page of a PDF (one result per
    /// page, rendered lazily as PaddleX does at zoom 2, with <c>page_index</c> set). The format is taken from the content.
    /// </summary>
    /// <param name="path">An image or PDF file, or an http(s) URL of one (fetched under <see cref="OcrPipelineOptions.UrlInput"/>); reported as <c>input_path</c> (a URL without its query).</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="pdfOptions">Zoom, page selection and limits for PDFs; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between pages and stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The file cannot be read or decoded; <see cref="PdfDecodeException"/> for PDF problems (damaged, encrypted, too many pages, page too large).</exception>
    /// <exception cref="UrlInputException">The URL is refused by the address policy or cannot be downloaded.</exception>
    public IEnumerable<OcrResult> PredictPages(string path, OcrPredictOptions? options = null, PdfRenderOptions? pdfOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var input = ReadInput(path, cancellationToken);
        Timings?.Add(OcrStage.Decode, input.ReadTime);
        return PredictInput(input, options, pdfOptions, cancellationToken);
    }

    /// <summary>
    /// Runs OCR on an encoded image (one result) or PDF (one result per selected page, <c>page_index</c> set) held in memory.
    /// </summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="sourceName">A name for error messages; not reported as <c>input_path</c>.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="pdfOptions">Zoom, page selection and limits for PDFs; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between pages and stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image or PDF (<see cref="PdfDecodeException"/>).</exception>
    public IEnumerable<OcrResult> PredictPages(ReadOnlyMemory<byte> encoded, string sourceName, OcrPredictOptions? options = null, PdfRenderOptions? pdfOptions = null, CancellationToken cancellationToken = default)
    {
        if (ImageFormatDetector.Detect(encoded.Span) != ImageFormat.Pdf)
        {
            return [Predict(encoded, sourceName, options, cancellationToken)];
        }

        return PredictPdf(PdfDocument.Load(encoded, sourceName, pdfOptions), options, null, cancellationToken);
    }

    private IEnumerable<OcrResult> PredictPdf(PdfDocument document, OcrPredictOptions? options, string? inputPath, CancellationToken cancellationToken)
    {
        using (document)
        {
            foreach (var pageIndex in document.SelectedPages)
            {
                var started = Stopwatch.GetTimestamp();
                var page = document.RenderPage(pageIndex, cancellationToken);
                Timings?.Add(OcrStage.Decode, started);
                yield return PredictCore(page, imageOwned: true, options, inputPath, pageIndex, cancellationToken);
            }
        }
    }

    // Cuts out every line (each crop is independent; with _pageParallelism above 1 they are cut on that many threads).
    private void CropLines(BgrImage image, Quad[] polys, double padding, BgrImage[] crops, CancellationToken cancellationToken)
    {
        if (_pageParallelism == 1 || polys.Length < 2)
        {
            for (var i = 0; i < polys.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                crops[i] = PerspectiveCrop.Crop(image, polys[i], padding);
            }

            return;
        }

        try
        {
            Parallel.For(0, polys.Length, new ParallelOptions { MaxDegreeOfParallelism = _pageParallelism, CancellationToken = cancellationToken },
                i => crops[i] = PerspectiveCrop.Crop(image, polys[i], padding));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    // TextRecognitionParallelRuns, 0 resolved: two runs side by side when the CPU models may use several threads.
    /// <summary>The engine settings every module's predictor gets from <paramref name="options"/>.</summary>
    internal static PredictorOptions PredictorOptionsFor(OcrPipelineOptions options) => new()
    {
        Device = options.Device.ToString(),
        CpuThreads = options.CpuThreads,
        EnableMkldnn = options.EnableMkldnn,
        MkldnnCacheCapacity = options.MkldnnCacheCapacity,
        Precision = options.Precision,
        UseTensorRt = options.UseTensorRt,
    };

    private ModuleEngine EngineFor(string module) => new(_plans.TryGetValue(module, out var plan) ? plan.Engine : _engine, module, _logger, _moduleSettings);

    // The predictor settings of a module: the pipeline's, or what use_hpip chose for it.
    private PredictorOptions OptionsFor(string module) => _plans.TryGetValue(module, out var plan) ? plan.Options : _predictorOptions;

    internal static int RecognitionParallelRuns(OcrPipelineOptions options)
    {
        if (options.TextRecognitionParallelRuns > 0)
        {
            return options.TextRecognitionParallelRuns;
        }

        var threads = PredictorOptionsFor(options).EffectiveCpuThreads;
        return options.Device.IsCpu && threads > 1 ? 2 : 1;
    }

    /// <summary>Runs OCR on an encoded image held in memory (PNG, JPEG, ...).</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="sourceName">A name for error messages; not reported as <c>input_path</c>.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Checked between stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image, or are a PDF (use <see cref="PredictPages(ReadOnlyMemory{byte}, string, OcrPredictOptions?, PdfRenderOptions?, CancellationToken)"/>).</exception>
    public OcrResult Predict(ReadOnlyMemory<byte> encoded, string sourceName, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ImageFormatDetector.Detect(encoded.Span) == ImageFormat.Pdf)
        {
            throw new PdfDecodeException(sourceName, "a PDF gives one result per page: call OcrPipeline.PredictPages");
        }

        var image = ImageDecoder.Decode(encoded, sourceName);
        return PredictCore(image, imageOwned: true, options, null, null, cancellationToken);
    }

    /// <summary>Runs OCR on raw pixels with any row stride (e.g. a camera frame or a bitmap's locked bits).</summary>
    /// <param name="pixels">The pixel buffer.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="stride">Bytes from one row to the next.</param>
    /// <param name="format">The channel layout.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Checked between stages and during inference.</param>
    public OcrResult Predict(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        var image = BgrImage.FromPixels(pixels, width, height, stride, format);
        return PredictCore(image, imageOwned: true, options, null, null, cancellationToken);
    }

    /// <summary>
    /// Runs OCR over files, directories (images and PDFs in name order) and http(s) URLs, one result per image or PDF
    /// page, lazily. <see cref="OcrPipelineOptions.BatchSize"/> inputs are read (fetched) and decoded together, in
    /// parallel, before they are recognised in order, as PaddleX's pipeline <c>batch_size</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">An input is neither a file, a directory nor a URL.</exception>
    /// <exception cref="ImageDecodeException">A file cannot be read or decoded.</exception>
    /// <exception cref="UrlInputException">A URL is refused by the address policy or cannot be downloaded.</exception>
    public IEnumerable<OcrResult> Predict(IEnumerable<string> inputs, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var batch in InputFiles.Expand(inputs).Chunk(Options.BatchSize))
        {
            var reads = ReadAhead(batch, cancellationToken);
            try
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var input = reads[i] is not null ? Take(reads, i).GetAwaiter().GetResult() : ReadInput(batch[i], cancellationToken);
                    Timings?.Add(OcrStage.Decode, input.ReadTime);
                    foreach (var result in PredictInput(input, options, null, cancellationToken))
                    {
                        yield return result;
                    }
                }
            }
            finally
            {
                DisposeUnclaimed(reads);
            }
        }
    }

    /// <summary>
    /// Runs OCR over many inputs (PaddleX's <c>predict_iter</c>): files, http(s) URLs, or directories whose images and
    /// PDFs are taken in name order; a PDF gives one result per page. Results stream as each image or page finishes;
    /// <see cref="OcrPipelineOptions.BatchSize"/> inputs are read and decoded together, in parallel.
    /// </summary>
    public async IAsyncEnumerable<OcrResult> PredictAsync(IEnumerable<string> inputs, OcrPredictOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var batch in InputFiles.Expand(inputs).Chunk(Options.BatchSize))
        {
            var reads = ReadAhead(batch, cancellationToken);
            try
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var file = batch[i];
                    var input = reads[i] is not null
                        ? await Take(reads, i).ConfigureAwait(false)
                        : await Task.Run(() => ReadInput(file, cancellationToken), cancellationToken).ConfigureAwait(false);
                    Timings?.Add(OcrStage.Decode, input.ReadTime);
                    using var pages = await Task.Run(() => PredictInput(input, options, null, cancellationToken).GetEnumerator(), cancellationToken).ConfigureAwait(false);
                    while (await Task.Run(pages.MoveNext, cancellationToken).ConfigureAwait(false))
                    {
                        yield return pages.Current;
                    }
                }
            }
            finally
            {
                DisposeUnclaimed(reads);
            }
        }
    }

    // A batch of more than one input is read on the thread pool, all at once; a batch of one is read in its turn.
    private Task<PipelineInput>?[] ReadAhead(string[] batch, CancellationToken cancellationToken)
    {
        var reads = new Task<PipelineInput>?[batch.Length];
        if (batch.Length > 1)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var file = batch[i];
                reads[i] = Task.Run(() => ReadInput(file, cancellationToken), cancellationToken);
            }
        }

        return reads;
    }

    // Hands a read over to the caller, which then owns what it holds.
    private static Task<PipelineInput> Take(Task<PipelineInput>?[] reads, int index)
    {
        var read = reads[index]!;
        reads[index] = null;
        return read;
    }

    // Inputs read ahead but never taken (the enumeration stopped) give their pixels and documents back.
    private static void DisposeUnclaimed(Task<PipelineInput>?[] reads)
    {
        foreach (var read in reads)
        {
            if (read is null)
            {
                continue;
            }

            try
            {
                read.Wait();
            }
            catch (AggregateException)
            {
                continue;
            }

            read.Result.Dispose();
        }
    }

    // Reads one input: a URL is fetched, an image decoded; a PDF is only recognised (by content): it is opened in
    // its turn and rendered page by page.
    private PipelineInput ReadInput(string input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (UrlFetcher.IsUrl(input))
        {
            var (data, _) = _urls.Value.FetchAsync(input, cancellationToken).GetAwaiter().GetResult();
            var name = UrlFetcher.Describe(new Uri(input));
            return ImageFormatDetector.Detect(data) == ImageFormat.Pdf
                ? PipelineInput.Pdf(name, data, Stopwatch.GetElapsedTime(started))
                : PipelineInput.Image(name, ImageDecoder.Decode(data, name), Stopwatch.GetElapsedTime(started));
        }

        return InputFiles.IsPdf(input)
            ? PipelineInput.Pdf(input, null, TimeSpan.Zero)
            : PipelineInput.Image(input, ImageDecoder.DecodeFile(input), Stopwatch.GetElapsedTime(started));
    }

    // The results of one read input, which this call owns: an image gives one result now, a PDF one per page, lazily.
    private IEnumerable<OcrResult> PredictInput(PipelineInput input, OcrPredictOptions? options, PdfRenderOptions? pdfOptions, CancellationToken cancellationToken)
    {
        using (input)
        {
            if (input.TakeImage() is { } image)
            {
                return [PredictCore(image, imageOwned: true, options, input.Name, null, cancellationToken)];
            }

            var document = input.PdfData is { } data ? PdfDocument.Load(data, input.Name, pdfOptions) : PdfDocument.Open(input.Name, pdfOptions);
            return PredictPdf(document, options, input.Name, cancellationToken);
        }
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

    // The pipeline of this one's settings on another device, loaded on first use and kept (PaddleX's predict(device=...)).
    // The engine is shared when it was given to Create or serves the device (the CPU, or Paddle Inference for every
    // device), else one is created for it as OcrPipelineOptions.Engine chooses.
    private OcrPipeline OnDevice(InferenceDevice device)
    {
        lock (_onDevice)
        {
            if (!_onDevice.TryGetValue(device, out var pipeline))
            {
                var options = Options with { Device = device };
                var shareEngine = !_ownsEngine || device.IsCpu || _engine.Name == "paddle";
                _logger.LogInformation("Loading the pipeline's models on device {Device} for a call that asked for it", device);
                pipeline = Create(options, _loggerFactory, shareEngine ? _engine : null);
                pipeline.Timings = Timings;
                _onDevice[device] = pipeline;
            }

            return pipeline;
        }
    }

    // The directory of a module's model: the one the options give, else its name looked up (or downloaded) in the cache.
    private string LocateModel(string module)
    {
        var (directory, name) = module switch
        {
            DocOrientationModule => (Options.DocOrientationClassifyModelDir, Options.DocOrientationClassifyModelName),
            DocUnwarpingModule => (Options.DocUnwarpingModelDir, Options.DocUnwarpingModelName),
            TextDetectionModule => (Options.TextDetectionModelDir, Options.EffectiveTextDetectionModelName),
            TextRecognitionModule => (Options.TextRecognitionModelDir, Options.EffectiveTextRecognitionModelName),
            TextLineOrientationModule => (Options.TextLineOrientationModelDir, Options.EffectiveTextLineOrientationModelName),
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
        };
        return directory ?? _cache.Resolve(name);
    }

    private ModelDirectory OpenModel(string module)
    {
        var dir = LocateModel(module);
        _logger.LogInformation("Loading {Module} model from {Directory}", module, dir);
        return ModelDirectory.Open(dir);
    }

    private void Load(string module)
    {
        _ = module switch
        {
            DocOrientationModule => (object)_docOrientation.Value,
            DocUnwarpingModule => _docUnwarper.Value,
            TextDetectionModule => _detector.Value,
            TextRecognitionModule => _recognizer.Value,
            TextLineOrientationModule => _textlineOrientation.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
        };
    }
}

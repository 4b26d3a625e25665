using System.Globalization;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>One recognised text line.</summary>
/// <param name="Text">The text.</param>
/// <param name="Score">Mean probability of the kept characters (0 for an empty text).</param>
/// <param name="Words">The words and their time steps, when word boxes were asked for.</param>
/// <param name="Columns">Time steps covering the crop (output length x the crop's share of the padded input), when word boxes were asked for.</param>
public readonly record struct TextRecognition(string Text, float Score, IReadOnlyList<RecognizedWord>? Words = null, double Columns = 0);

/// <summary>Text recognition settings.</summary>
public sealed record TextRecognizerOptions
{
    /// <summary>Crops per inference batch (PaddleX's <c>batch_size</c>, 6 in the OCR pipeline).</summary>
    public int BatchSize { get; init; } = 6;

    /// <summary>
    /// At most this many input columns (crops × padded width) are in model runs at once (divided among
    /// <see cref="ParallelRuns"/>): a batch of wide crops is run in smaller groups at the batch's padded width. The
    /// answers are those of the whole batch (each crop is computed on its own; only the padded width matters), and the
    /// memory of the runs, which grows with crops × width, stays bounded (six 3,200-pixel lines need about 250 MB in
    /// one run). Default 3,840 = six crops of 640.
    /// </summary>
    public int MaxColumnsPerRun { get; init; } = 3840;

    /// <summary>
    /// Model runs of one <see cref="TextRecognizer.Predict"/> call that may run at the same time (1: one after
    /// another). <see cref="TextRecognizer.Create"/> loads the model once per parallel run and shares the intra-op
    /// threads among them; the constructor over a given predictor uses clones of it. Small recognition runs use
    /// several intra-op threads poorly (PP-OCRv4 rec: 1.6x from 1 to 2 threads on 2 cores), while independent runs
    /// side by side use them fully. The answers do not change.
    /// </summary>
    public int ParallelRuns { get; init; } = 1;

    /// <summary>A dictionary file to use instead of the model directory's.</summary>
    public string? DictionaryPath { get; init; }

    /// <summary>
    /// Model input height and (base) width replacing <c>RecResizeImg.image_shape</c> of the model's
    /// <c>inference.yml</c> (PaddleX's <c>text_rec_input_shape</c>, given as C H W); null keeps the model's.
    /// </summary>
    public (int Height, int Width)? InputShape { get; init; }
}

/// <summary>
/// The text recognition module (PaddleX's <c>text_recognition</c>, CTC models such as PP-OCRv3/v4/v5 rec): each crop
/// is resized to the model height keeping its aspect ratio, normalised to [-1, 1], padded to the batch's widest, and
/// decoded greedily.
/// </summary>
/// <remarks>
/// Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time (with
/// <see cref="TextRecognizerOptions.ParallelRuns"/> above 1 it runs that call's batches on pool threads itself).
/// </remarks>
public sealed class TextRecognizer : IDisposable
{
    /// <summary>PaddleX caps the padded width of a recognition input at this many pixels.</summary>
    public const int MaxImageWidth = 3200;

    private readonly IPredictor _predictor;
    // _predictor and its clones, one per concurrent run (Options.ParallelRuns).
    private readonly IPredictor[] _predictors;
    // The threads that run the runs beside the caller's (null when runs are sequential).
    private readonly HelperThreads? _helpers;
    private readonly string _inputName;
    private readonly int _imageHeight;
    private readonly int _imageWidth;

    /// <summary>Creates the module over a loaded predictor.</summary>
    /// <param name="predictor">The recognition model; the module owns and disposes it.</param>
    /// <param name="dictionary">Characters in class order, without the CTC blank; a space class is appended.</param>
    /// <param name="config">The model's <c>inference.yml</c>, for <c>RecResizeImg.image_shape</c>; [3, 48, 320] when null.</param>
    /// <param name="options">Batch size.</param>
    /// <exception cref="ModelLoadException">The model's declared class count does not fit the dictionary.</exception>
    public TextRecognizer(IPredictor predictor, IReadOnlyList<string> dictionary, ModelConfig? config = null, TextRecognizerOptions? options = null)
        : this([predictor], dictionary, config, options)
    {
    }

    // predictors[0] is the model; predictors[1..] (own sessions, e.g. with fewer threads each) serve parallel runs,
    // and clones of predictors[0] make up the rest of Options.ParallelRuns. The module owns them all.
    private TextRecognizer(IPredictor[] predictors, IReadOnlyList<string> dictionary, ModelConfig? config, TextRecognizerOptions? options)
    {
        var predictor = predictors[0];
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(dictionary);
        if (predictor.Inputs.Count != 1 || predictor.Outputs.Count < 1)
        {
            throw new ModelLoadException($"Text recognition model '{predictor.ModelName}' must have one image input and a class-probability output.", predictor.ModelName);
        }

        _predictor = predictor;
        _inputName = predictor.Inputs[0].Name;
        Options = options ?? new TextRecognizerOptions();
        if (Options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.BatchSize, "The recognition batch size must be positive.");
        }

        if (Options.MaxColumnsPerRun <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxColumnsPerRun, "The recognition column budget per run must be positive.");
        }

        if (Options.ParallelRuns <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.ParallelRuns, "The number of parallel recognition runs must be positive.");
        }

        Decoder = new CtcDecoder(dictionary);
        (_imageHeight, _imageWidth) = Options.InputShape ?? ReadImageShape(config);
        if (_imageHeight <= 0 || _imageWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.InputShape, "The recognition input shape must be positive.");
        }
        var outputShape = predictor.Outputs[0].Shape;
        if (outputShape.Count == 3 && outputShape[2] > 0 && outputShape[2] != Decoder.ClassCount)
        {
            throw new ModelLoadException(
                $"The dictionary does not fit recognition model '{predictor.ModelName}': it gives {Decoder.ClassCount} classes ({dictionary.Count} characters + blank + space) but the model outputs {outputShape[2]}.",
                predictor.ModelName);
        }

        // Clones are made last: nothing can fail after them, so a throwing constructor leaves none behind.
        _predictors = new IPredictor[Math.Max(Options.ParallelRuns, predictors.Length)];
        predictors.CopyTo(_predictors, 0);
        for (var i = predictors.Length; i < _predictors.Length; i++)
        {
            _predictors[i] = predictor.Clone();
        }

        _helpers = _predictors.Length > 1 ? new HelperThreads(_predictors.Length - 1, "text recognition") : null;
    }

    /// <summary>The settings.</summary>
    public TextRecognizerOptions Options { get; }

    /// <summary>The CTC decoder (dictionary with blank and space).</summary>
    internal CtcDecoder Decoder { get; }

    /// <summary>Loads a recognition model directory; the dictionary comes from its inference.yml or dictionary file.</summary>
    /// <remarks>
    /// With <see cref="TextRecognizerOptions.ParallelRuns"/> above 1 the model is loaded once per parallel run, and
    /// the intra-op threads of <paramref name="predictorOptions"/> (every processor when 0) are shared among them:
    /// on 2 cores, two one-thread sessions side by side finish a page's batches ~15 % sooner than one two-thread
    /// session, while two runs in one shared thread pool were slower.
    /// </remarks>
    public static TextRecognizer Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, TextRecognizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictorOptions);
        options ??= new TextRecognizerOptions();
        var dictionary = model.ResolveDictionary(options.DictionaryPath);
        var parallel = Math.Max(1, options.ParallelRuns);
        var perRun = predictorOptions;
        if (parallel > 1)
        {
            var threads = predictorOptions.EffectiveCpuThreads;
            perRun = predictorOptions with { CpuThreads = Math.Max(1, threads / parallel) };
        }

        var predictors = new List<IPredictor>(parallel);
        try
        {
            for (var i = 0; i < parallel; i++)
            {
                predictors.Add(engine.CreatePredictor(model.Source, perRun));
            }

            return new TextRecognizer(predictors.ToArray(), dictionary, model.Config, options);
        }
        catch
        {
            predictors.ForEach(p => p.Dispose());
            throw;
        }
    }

    /// <summary>
    /// The width PaddleX resizes a crop to (before padding) and the width of the input it pads to:
    /// <c>ratio = max(W0 / H0, w / h)</c>, padded width <c>int(H0 x ratio)</c> (at most 3200), crop width
    /// <c>min(padded, ceil(H0 x w / h))</c>.
    /// </summary>
    public (int ResizedWidth, int PaddedWidth) TargetWidths(int width, int height)
    {
        var ratio = width / (double)height;
        var maxRatio = Math.Max(_imageWidth / (double)_imageHeight, ratio);
        var padded = (int)(_imageHeight * maxRatio);
        if (padded > MaxImageWidth)
        {
            return (MaxImageWidth, MaxImageWidth);
        }

        var resized = Math.Ceiling(_imageHeight * ratio) > padded ? padded : (int)Math.Ceiling(_imageHeight * ratio);
        return (Math.Max(resized, 1), padded);
    }

    /// <summary>Recognises text lines, <see cref="TextRecognizerOptions.BatchSize"/> crops per model run, in the given order.</summary>
    /// <param name="crops">The text-line images.</param>
    /// <param name="returnWordBox">Also group each line into words with their time steps (for word boxes).</param>
    /// <param name="cancellationToken">Checked between batches and during inference.</param>
    /// <param name="timings">Receives the time of pre-processing, inference and decoding, or null.</param>
    public IReadOnlyList<TextRecognition> Predict(IReadOnlyList<BgrImage> crops, bool returnWordBox = false, CancellationToken cancellationToken = default, StageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var results = new TextRecognition[crops.Count];
        var runs = PlanRuns(crops);
        if (_predictors.Length == 1 || runs.Count == 1)
        {
            foreach (var run in runs)
            {
                RecognizeRun(_predictor, crops, run, results, returnWordBox, timings, cancellationToken);
            }
        }
        else
        {
            RecognizeConcurrently(crops, runs, results, returnWordBox, timings, cancellationToken);
        }

        return results;
    }

    /// <summary>Disposes the predictor and its clones.</summary>
    public void Dispose()
    {
        _helpers?.Dispose();
        foreach (var predictor in _predictors)
        {
            predictor.Dispose();
        }
    }

    // Cuts the crops into PaddleX's batches, padded to their widest crop, and wide batches into runs within the
    // column budget at that same width.
    private List<RecognitionRun> PlanRuns(IReadOnlyList<BgrImage> crops)
    {
        var runs = new List<RecognitionRun>();
        var budget = Math.Max(1, Options.MaxColumnsPerRun / _predictors.Length);
        for (var start = 0; start < crops.Count; start += Options.BatchSize)
        {
            var count = Math.Min(Options.BatchSize, crops.Count - start);
            var batchWidth = 0;
            // PaddleOCR scales the time steps by each crop's width ratio over the batch's widest ratio.
            var maxRatio = _imageWidth / (double)_imageHeight;
            for (var i = start; i < start + count; i++)
            {
                batchWidth = Math.Max(batchWidth, TargetWidths(crops[i].Width, crops[i].Height).PaddedWidth);
                maxRatio = Math.Max(maxRatio, crops[i].Width / (double)crops[i].Height);
            }

            var perRun = Math.Clamp(budget / batchWidth, 1, count);
            for (var first = 0; first < count; first += perRun)
            {
                runs.Add(new RecognitionRun(start + first, Math.Min(perRun, count - first), batchWidth, maxRatio));
            }
        }

        return runs;
    }

    // Runs up to ParallelRuns model runs at a time, the largest first (so that the last to start are short), each
    // worker on its own predictor. Each worker keeps its own timings; pre- and post-processing are added up over the
    // workers and the rest of the elapsed time counts as inference.
    private void RecognizeConcurrently(IReadOnlyList<BgrImage> crops, List<RecognitionRun> runs, TextRecognition[] results, bool returnWordBox, StageTimings? timings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var order = runs.OrderByDescending(r => (long)r.Count * r.BatchWidth).ToArray();
        var workers = Math.Min(_predictors.Length, order.Length);
        var workerTimings = timings is null ? null : new StageTimings[workers];
        var next = -1;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        void Work(int worker)
        {
            StageTimings? local = null;
            if (workerTimings is not null)
            {
                local = workerTimings[worker] = new StageTimings();
            }

            int index;
            while ((index = Interlocked.Increment(ref next)) < order.Length)
            {
                try
                {
                    RecognizeRun(_predictors[worker], crops, order[index], results, returnWordBox, local, failed.Token);
                }
                catch
                {
                    // Stop the other workers early; the first failure is the one reported.
                    failed.Cancel();
                    throw;
                }
            }
        }

        var helpers = new Task[workers - 1];
        for (var w = 1; w < workers; w++)
        {
            var worker = w;
            helpers[w - 1] = _helpers!.Run(w - 1, () => Work(worker));
        }

        Exception? first = null;
        try
        {
            Work(0);
        }
        catch (Exception ex)
        {
            first = ex;
        }

        foreach (var helper in helpers)
        {
            try
            {
                helper.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // A helper stopped by another's failure is not the news; a real failure is.
                if (first is null || (first is OperationCanceledException && ex is not OperationCanceledException))
                {
                    first = ex;
                }
            }
        }

        if (first is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Throw(first);
        }

        if (timings is not null)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            TimeSpan pre = TimeSpan.Zero, post = TimeSpan.Zero;
            foreach (var local in workerTimings!)
            {
                pre += local[OcrStage.RecPre];
                post += local[OcrStage.RecPost];
            }

            timings.Add(OcrStage.RecPre, pre);
            timings.Add(OcrStage.RecPost, post);
            timings.Add(OcrStage.RecInference, elapsed > pre + post ? elapsed - pre - post : TimeSpan.Zero);
        }
    }

    private void RecognizeRun(IPredictor predictor, IReadOnlyList<BgrImage> crops, RecognitionRun run, TextRecognition[] results, bool returnWordBox, StageTimings? timings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        var (start, count, batchWidth, maxRatio) = run;
        var itemSize = 3 * _imageHeight * batchWidth;
        using var input = Tensor.Rent<float>([count, 3, _imageHeight, batchWidth]);
        var data = input.AsSpan<float>();
        for (var i = 0; i < count; i++)
        {
            var crop = crops[start + i];
            using var resized = ImageResize.ResizeLinear(crop, TargetWidths(crop.Width, crop.Height).ResizedWidth, _imageHeight);
            ImageNormalizer.NormalizeHalf(resized, data.Slice(i * itemSize, itemSize), batchWidth);
        }

        started = timings?.Add(OcrStage.RecPre, started) ?? started;
        var outputs = predictor.Run([new NamedTensor(_inputName, input)], cancellationToken);
        started = timings?.Add(OcrStage.RecInference, started) ?? started;
        try
        {
            var probabilities = outputs[0];
            var dims = probabilities.Shape;
            if (dims.Length != 3 || dims[0] != count)
            {
                throw new InferenceEngineException($"Text recognition model '{_predictor.ModelName}' returned shape [{string.Join(",", dims.ToArray())}]; expected [{count}, T, classes].");
            }

            var steps = (int)dims[1];
            var classes = (int)dims[2];
            if (classes != Decoder.ClassCount)
            {
                throw new InferenceEngineException($"The dictionary does not fit recognition model '{_predictor.ModelName}': it gives {Decoder.ClassCount} classes (characters + blank + space) but the model output has {classes}.");
            }

            var all = probabilities.AsSpan<float>();
            var columns = returnWordBox ? new List<int>() : null;
            for (var i = 0; i < count; i++)
            {
                var (text, score) = Decoder.Decode(all.Slice(i * steps * classes, steps * classes), classes, columns);
                results[start + i] = columns is null
                    ? new TextRecognition(text, score)
                    : new TextRecognition(text, score, WordSegmenter.Segment(text, columns), steps * (crops[start + i].Width / (double)crops[start + i].Height) / maxRatio);
            }

            timings?.Add(OcrStage.RecPost, started);
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    // Crops [Start, Start + Count) padded to BatchWidth; MaxRatio is their batch's widest aspect ratio.
    private readonly record struct RecognitionRun(int Start, int Count, int BatchWidth, double MaxRatio);

    private static (int Height, int Width) ReadImageShape(ModelConfig? config)
    {
        var shape = ModelConfig.GetSequence(config?.FindPreProcess("RecResizeImg"), "image_shape");
        if (shape is null)
        {
            return (48, 320);
        }

        if (shape.Count != 3)
        {
            throw new ModelLoadException($"RecResizeImg.image_shape in '{config!.Path}' must have 3 values (C, H, W).", config.Path);
        }

        return (int.Parse(shape[1], CultureInfo.InvariantCulture), int.Parse(shape[2], CultureInfo.InvariantCulture));
    }
}

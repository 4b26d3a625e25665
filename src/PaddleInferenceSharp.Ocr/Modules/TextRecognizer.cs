using System.Diagnostics;
using System.Globalization;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Modules;

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
    private readonly RecognitionPlanner _planner;

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
        var (imageHeight, imageWidth) = Options.InputShape ?? ReadImageShape(config);
        if (imageHeight <= 0 || imageWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.InputShape, "The recognition input shape must be positive.");
        }

        _imageHeight = imageHeight;
        _planner = new RecognitionPlanner(imageHeight, imageWidth);

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
    /// the intra-op threads of <paramref name="predictorOptions"/> (every processor when 0) are shared among them.
    /// </remarks>
    public static TextRecognizer Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, TextRecognizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(predictorOptions);
        options ??= new TextRecognizerOptions();
        var dictionary = model.ResolveDictionary(options.DictionaryPath);
        // A page gives a recogniser tens of runs. Giving their memory back after each one cost a quarter of the
        // recognition time in page faults of fresh memory (PP-OCRv4 mobile on the dev set: 222 -> 153 ms per page), so
        // the memory of runs within the column budget (every run the planner makes of ordinary crops) is kept for the
        // next run, unless the caller chose otherwise.
        predictorOptions = RunMemory.Keep(predictorOptions, KeptInputElements(model.Config, options));
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
    /// Recognition runs with up to this many input elements keep their run memory for the next run when
    /// <see cref="Create"/> chooses the memory rule: 3 channels x the model height x the larger of the column budget
    /// (<see cref="TextRecognizerOptions.MaxColumnsPerRun"/>) and <see cref="MaxImageWidth"/>, so that what is kept
    /// is bounded by the largest run the planner makes of crops within PaddleX's width cap.
    /// </summary>
    internal static long KeptInputElements(ModelConfig? config, TextRecognizerOptions options)
    {
        var (height, _) = options.InputShape ?? ReadImageShape(config);
        return 3L * Math.Max(1, height) * Math.Max(Math.Max(1, options.MaxColumnsPerRun), MaxImageWidth);
    }

    /// <summary>
    /// The width PaddleX resizes a crop to (before padding) and the width of the input it pads to:
    /// <c>ratio = max(W0 / H0, w / h)</c>, padded width <c>int(H0 x ratio)</c> (at most 3200), crop width
    /// <c>min(padded, ceil(H0 x w / h))</c>.
    /// </summary>
    public (int ResizedWidth, int PaddedWidth) TargetWidths(int width, int height) => _planner.TargetWidths(width, height);

    /// <summary>Recognises text lines, <see cref="TextRecognizerOptions.BatchSize"/> crops per model run, in the given order.</summary>
    /// <param name="crops">The text-line images.</param>
    /// <param name="returnWordBox">Also group each line into words with their time steps (for word boxes).</param>
    /// <param name="cancellationToken">Checked between batches and during inference.</param>
    /// <param name="timings">Receives the time of pre-processing, inference and decoding, or null.</param>
    public IReadOnlyList<TextRecognition> Predict(IReadOnlyList<BgrImage> crops, bool returnWordBox = false, CancellationToken cancellationToken = default, StageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var results = new TextRecognition[crops.Count];
        // The column budget is shared among the runs that may run at once. Side by side, each crop is a run of its own
        // (at its batch's padded width, so the answers stay the batch's): a page's 6 + 2 crops share out as 4 + 4, not 6 + 2.
        var runs = _planner.Plan(crops, Options.BatchSize, Math.Max(1, Options.MaxColumnsPerRun / _predictors.Length), _predictors.Length > 1 ? 1 : int.MaxValue);
        if (_predictors.Length == 1 || runs.Count == 1)
        {
            foreach (var run in runs)
            {
                RecognizeRun(_predictor, crops, run, results, returnWordBox, timings, cancellationToken);
            }
        }
        else
        {
            RecognitionScheduler.Run(_predictors, _helpers!, runs, (predictor, run, local, token) => RecognizeRun(predictor, crops, run, results, returnWordBox, local, token), timings, cancellationToken);
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

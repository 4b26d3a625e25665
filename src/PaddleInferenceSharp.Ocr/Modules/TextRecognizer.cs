using System.Globalization;
using System.Diagnostics;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Imaging;
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
    /// At most this many input columns (crops × padded width) go into one model run: a batch of wide crops is run in
    /// smaller groups at the batch's padded width. The answers are those of the whole batch (each crop is computed on
    /// its own; only the padded width matters), and the memory of a run, which grows with crops × width, stays bounded
    /// (six 3,200-pixel lines need about 250 MB in one run). Default 3,840 = six crops of 640.
    /// </summary>
    public int MaxColumnsPerRun { get; init; } = 3840;

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
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class TextRecognizer : IDisposable
{
    /// <summary>PaddleX caps the padded width of a recognition input at this many pixels.</summary>
    public const int MaxImageWidth = 3200;

    private readonly IPredictor _predictor;
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
    {
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
    }

    /// <summary>The settings.</summary>
    public TextRecognizerOptions Options { get; }

    /// <summary>The CTC decoder (dictionary with blank and space).</summary>
    public CtcDecoder Decoder { get; }

    /// <summary>Loads a recognition model directory; the dictionary comes from its inference.yml or dictionary file.</summary>
    public static TextRecognizer Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, TextRecognizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new TextRecognizerOptions();
        var dictionary = model.ResolveDictionary(options.DictionaryPath);
        var predictor = engine.CreatePredictor(model.Source, predictorOptions);
        try
        {
            return new TextRecognizer(predictor, dictionary, model.Config, options);
        }
        catch
        {
            predictor.Dispose();
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
        for (var start = 0; start < crops.Count; start += Options.BatchSize)
        {
            var count = Math.Min(Options.BatchSize, crops.Count - start);
            RecognizeBatch(crops, start, count, results, returnWordBox, timings, cancellationToken);
        }

        return results;
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _predictor.Dispose();

    private void RecognizeBatch(IReadOnlyList<BgrImage> crops, int start, int count, TextRecognition[] results, bool returnWordBox, StageTimings? timings, CancellationToken cancellationToken)
    {
        var widths = new (int Resized, int Padded)[count];
        var batchWidth = 0;
        // PaddleOCR scales the time steps by each crop's width ratio over the batch's widest ratio.
        var maxRatio = _imageWidth / (double)_imageHeight;
        for (var i = 0; i < count; i++)
        {
            widths[i] = TargetWidths(crops[start + i].Width, crops[start + i].Height);
            batchWidth = Math.Max(batchWidth, widths[i].Padded);
            maxRatio = Math.Max(maxRatio, crops[start + i].Width / (double)crops[start + i].Height);
        }

        // The batch is padded to its widest crop as PaddleX pads it; wide batches run in groups at that same width.
        var perRun = Math.Clamp(Options.MaxColumnsPerRun / batchWidth, 1, count);
        for (var first = 0; first < count; first += perRun)
        {
            var run = Math.Min(perRun, count - first);
            RecognizeRun(crops, start + first, run, widths.AsSpan(first, run), batchWidth, maxRatio, results, returnWordBox, timings, cancellationToken);
        }
    }

    private void RecognizeRun(IReadOnlyList<BgrImage> crops, int start, int count, ReadOnlySpan<(int Resized, int Padded)> widths, int batchWidth, double maxRatio,
        TextRecognition[] results, bool returnWordBox, StageTimings? timings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        var itemSize = 3 * _imageHeight * batchWidth;
        using var input = Tensor.Rent<float>([count, 3, _imageHeight, batchWidth]);
        var data = input.AsSpan<float>();
        for (var i = 0; i < count; i++)
        {
            using var resized = ImageResize.ResizeLinear(crops[start + i], widths[i].Resized, _imageHeight);
            ImageNormalizer.NormalizeHalf(resized, data.Slice(i * itemSize, itemSize), batchWidth);
        }

        started = timings?.Add(OcrStage.RecPre, started) ?? started;
        var outputs = _predictor.Run([new NamedTensor(_inputName, input)], cancellationToken);
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

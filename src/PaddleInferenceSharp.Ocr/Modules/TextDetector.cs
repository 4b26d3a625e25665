using System.Globalization;
using System.Diagnostics;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// The text detection module (PaddleX's <c>text_detection</c>, DB models such as PP-OCRv3/v4/v5 det): resizes the
/// page, normalises it, runs the model and turns the probability map into quadrilateral boxes.
/// </summary>
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class TextDetector : IDisposable
{
    private readonly IPredictor _predictor;
    private readonly string _inputName;
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly double _scale;

    /// <summary>Creates the module over a loaded predictor.</summary>
    /// <param name="predictor">The detection model; the module owns and disposes it.</param>
    /// <param name="config">The model's <c>inference.yml</c>, for its NormalizeImage settings; PaddleX's defaults when null.</param>
    /// <param name="options">Default parameters; PaddleX's OCR pipeline defaults when null.</param>
    public TextDetector(IPredictor predictor, ModelConfig? config = null, TextDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.Inputs.Count != 1 || predictor.Outputs.Count < 1)
        {
            throw new ModelLoadException($"Text detection model '{predictor.ModelName}' must have one image input and a probability-map output; it has inputs [{string.Join("; ", predictor.Inputs)}] and outputs [{string.Join("; ", predictor.Outputs)}].", predictor.ModelName);
        }

        _predictor = predictor;
        _inputName = predictor.Inputs[0].Name;
        Options = options ?? new TextDetectorOptions();
        Options.Validate();
        (_mean, _std, _scale) = ReadNormalization(config?.FindPreProcess("NormalizeImage"));
    }

    /// <summary>The default parameters, overridable per call.</summary>
    public TextDetectorOptions Options { get; }

    /// <summary>Detector inputs up to this many elements (3 x 1,448 x 1,448, about 2 megapixels) keep their run memory for the next page.</summary>
    public const long KeptInputElements = 3L * 1448 * 1448;

    /// <summary>Loads a detection model directory.</summary>
    public static TextDetector Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, TextDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        // A detector's run needs memory in proportion to the page (about 110 MB for a 1,000 x 830 page with PP-OCRv4
        // mobile). Giving it back after every run costs a tenth of the detector's time in page faults, so the memory of
        // pages up to about 2 megapixels is kept for the next page and only larger pages give theirs back, unless the
        // caller chose otherwise.
        return new TextDetector(engine.CreatePredictor(model.Source, RunMemory.Keep(predictorOptions, KeptInputElements)), model.Config, options);
    }

    /// <summary>Detects text boxes.</summary>
    /// <param name="image">The page.</param>
    /// <param name="options">Parameters for this call; <see cref="Options"/> when null.</param>
    /// <param name="cancellationToken">Cancels before or during inference.</param>
    /// <param name="timings">Receives the time of pre-processing, inference and post-processing, or null.</param>
    /// <returns>The boxes in the order DB finds them (PaddleX's single-module output; the OCR pipeline sorts them).</returns>
    public IReadOnlyList<ScoredQuad> Predict(BgrImage image, TextDetectorOptions? options = null, CancellationToken cancellationToken = default, StageTimings? timings = null)
    {
        var started = Stopwatch.GetTimestamp();
        ArgumentNullException.ThrowIfNull(image);
        options ??= Options;
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        // PaddleX pads tiny images (width + height < 64) to at least 32 x 32 with black, keeping the original size for scaling back.
        BgrImage? padded = null;
        var source = image;
        if (image.Width + image.Height < DetResize.SmallImageSum)
        {
            padded = Pad(image, Math.Max(32, image.Width), Math.Max(32, image.Height));
            source = padded;
        }

        try
        {
            var (width, height) = options.InputShape is { } shape
                ? (shape.Width, shape.Height)
                : DetResize.TargetSize(source.Width, source.Height, options.LimitSideLen, options.LimitType, options.MaxSideLimit);
            using var input = Tensor.Rent<float>([1, 3, height, width]);
            if (width == source.Width && height == source.Height)
            {
                ImageNormalizer.NormalizeMeanStd(source, input.AsSpan<float>(), _mean, _std, _scale);
            }
            else
            {
                using var resized = ImageResize.ResizeLinear(source, width, height);
                ImageNormalizer.NormalizeMeanStd(resized, input.AsSpan<float>(), _mean, _std, _scale);
            }

            started = timings?.Add(OcrStage.DetPre, started) ?? started;
            var outputs = _predictor.Run([new NamedTensor(_inputName, input)], cancellationToken);
            started = timings?.Add(OcrStage.DetInference, started) ?? started;
            try
            {
                var map = outputs[0];
                var dims = map.Shape;
                if (dims.Length != 4 || dims[0] != 1 || dims[1] != 1)
                {
                    throw new InferenceEngineException($"Text detection model '{_predictor.ModelName}' returned shape [{string.Join(",", dims.ToArray())}]; expected [1,1,H,W].");
                }

                var boxes = DbPostProcessor.Process(map.AsSpan<float>(), (int)dims[3], (int)dims[2], image.Width, image.Height, options);
                timings?.Add(OcrStage.DetPost, started);
                return boxes;
            }
            finally
            {
                foreach (var output in outputs)
                {
                    output.Dispose();
                }
            }
        }
        finally
        {
            padded?.Dispose();
        }
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _predictor.Dispose();

    private static BgrImage Pad(BgrImage image, int width, int height)
    {
        var padded = BgrImage.Create(width, height);
        padded.Pixels.Clear();
        for (var y = 0; y < image.Height; y++)
        {
            image.Row(y).CopyTo(padded.Row(y));
        }

        return padded;
    }

    internal static (double[] Mean, double[] Std, double Scale) ReadNormalization(YamlMappingNode? normalize)
    {
        double[] mean = [0.485, 0.456, 0.406];
        double[] std = [0.229, 0.224, 0.225];
        var scale = 1.0 / 255.0;
        if (normalize is null)
        {
            return (mean, std, scale);
        }

        mean = ReadTriple(normalize, "mean") ?? mean;
        std = ReadTriple(normalize, "std") ?? std;
        if (ModelConfig.GetScalar(normalize, "scale") is { } text)
        {
            scale = ParseScale(text);
        }

        return (mean, std, scale);
    }

    private static double[]? ReadTriple(YamlMappingNode map, string key)
    {
        var values = ModelConfig.GetSequence(map, key);
        if (values is null)
        {
            return null;
        }

        if (values.Count != 3)
        {
            throw new FormatException($"NormalizeImage.{key} needs 3 values, not {values.Count}.");
        }

        return values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
    }

    // inference.yml writes the scale as a number or as a Python expression such as "1./255.".
    private static double ParseScale(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var numerator = double.Parse(text[..slash].TrimEnd('.').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        var denominator = double.Parse(text[(slash + 1)..].TrimEnd('.').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return numerator / denominator;
    }
}

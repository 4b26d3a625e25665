using System.Globalization;
using System.Numerics.Tensors;
using Tensor = PaddleInferenceSharp.Engine.Tensor;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>The orientation class of one text line.</summary>
/// <param name="ClassId">0 (upright) or 1 (upside down, 180 degrees).</param>
/// <param name="Label">The model's label, e.g. <c>0_degree</c> / <c>180_degree</c> or <c>0</c> / <c>180</c>.</param>
/// <param name="Score">The class probability.</param>
public readonly record struct TextLineOrientation(int ClassId, string Label, float Score);

/// <summary>
/// The text-line orientation module (PaddleX's <c>textline_orientation</c>): decides whether a cropped line is
/// upside down. Supports PaddleX classifiers (PP-LCNet_x0_25_textline_ori: resize to 160 x 80, ImageNet
/// normalisation of RGB) and PaddleOCR's ch_ppocr_mobile_v2.0_cls (height 48, width by aspect ratio up to 192,
/// normalisation to [-1, 1] of BGR, zero padding), chosen from the model's <c>inference.yml</c>.
/// </summary>
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class TextLineOrientationClassifier : IDisposable
{
    private readonly IPredictor _predictor;
    private readonly string _inputName;
    private readonly bool _paddleOcrStyle;
    private readonly int _height;
    private readonly int _width;
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly double _scale;
    private readonly IReadOnlyList<string> _labels;

    /// <summary>Creates the module over a loaded predictor.</summary>
    /// <param name="predictor">The classifier; the module owns and disposes it.</param>
    /// <param name="config">Its <c>inference.yml</c>; PP-LCNet_x0_25_textline_ori's settings when null.</param>
    /// <param name="batchSize">Crops per model run (PaddleX: 6).</param>
    public TextLineOrientationClassifier(IPredictor predictor, ModelConfig? config = null, int batchSize = 6)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _predictor = predictor;
        _inputName = predictor.Inputs[0].Name;
        BatchSize = batchSize;
        var clsResize = ModelConfig.GetSequence(config?.FindPreProcess("ClsResizeImg"), "image_shape");
        if (clsResize is { Count: 3 })
        {
            _paddleOcrStyle = true;
            _height = int.Parse(clsResize[1], CultureInfo.InvariantCulture);
            _width = int.Parse(clsResize[2], CultureInfo.InvariantCulture);
            (_mean, _std, _scale) = ([0.5, 0.5, 0.5], [0.5, 0.5, 0.5], 1.0 / 255.0);
        }
        else
        {
            var size = ModelConfig.GetSequence(config?.FindPreProcess("ResizeImage"), "size");
            (_width, _height) = size is { Count: 2 }
                ? (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture))
                : (160, 80);
            (_mean, _std, _scale) = TextDetector.ReadNormalization(config?.FindPreProcess("NormalizeImage"));
        }

        _labels = config?.LabelList ?? ModelConfig.GetSequence(config?.PostProcess, "label_list") ?? ["0_degree", "180_degree"];
    }

    /// <summary>Crops per model run.</summary>
    public int BatchSize { get; }

    /// <summary>Loads a text-line orientation model directory.</summary>
    public static TextLineOrientationClassifier Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, int batchSize = 6)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        return new TextLineOrientationClassifier(engine.CreatePredictor(model.Source, predictorOptions), model.Config, batchSize);
    }

    /// <summary>Classifies each crop.</summary>
    public IReadOnlyList<TextLineOrientation> Predict(IReadOnlyList<BgrImage> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var results = new TextLineOrientation[crops.Count];
        var itemSize = 3 * _height * _width;
        for (var start = 0; start < crops.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BatchSize, crops.Count - start);
            using var input = Tensor.Rent<float>([count, 3, _height, _width]);
            var data = input.AsSpan<float>();
            for (var i = 0; i < count; i++)
            {
                var crop = crops[start + i];
                var target = data.Slice(i * itemSize, itemSize);
                if (_paddleOcrStyle)
                {
                    var ratio = crop.Width / (double)crop.Height;
                    var resizedWidth = Math.Ceiling(_height * ratio) > _width ? _width : (int)Math.Ceiling(_height * ratio);
                    using var resized = ImageResize.ResizeLinear(crop, Math.Max(resizedWidth, 1), _height);
                    ImageNormalizer.NormalizeHalf(resized, target, _width);
                }
                else
                {
                    using var resized = ImageResize.ResizeLinear(crop, _width, _height);
                    ImageNormalizer.NormalizeMeanStd(resized, target, _mean, _std, _scale, toRgb: true);
                }
            }

            var outputs = _predictor.Run([new NamedTensor(_inputName, input)], cancellationToken);
            try
            {
                var scores = outputs[0].AsSpan<float>();
                var classes = scores.Length / count;
                for (var i = 0; i < count; i++)
                {
                    var row = scores.Slice(i * classes, classes);
                    var id = TensorPrimitives.IndexOfMax(row);
                    var label = id < _labels.Count ? _labels[id] : id.ToString(CultureInfo.InvariantCulture);
                    results[start + i] = new TextLineOrientation(id, label, row[id]);
                }
            }
            finally
            {
                foreach (var output in outputs)
                {
                    output.Dispose();
                }
            }
        }

        return results;
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _predictor.Dispose();
}

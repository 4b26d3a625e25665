using System.Globalization;
using System.Numerics.Tensors;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;
using Tensor = PaddleInferenceSharp.Engine.Tensor;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>One classification.</summary>
/// <param name="ClassId">The most probable class.</param>
/// <param name="Label">Its label from the model's label list (the id as text when the list is shorter).</param>
/// <param name="Score">Its probability.</param>
public readonly record struct Classification(int ClassId, string Label, float Score);

/// <summary>Pre-processing of an image classifier when its <c>inference.yml</c> does not say.</summary>
/// <param name="ResizeWidth">Resize to this width (with <paramref name="ResizeHeight"/>), or 0.</param>
/// <param name="ResizeHeight">Resize to this height, or 0.</param>
/// <param name="ResizeShort">Scale so the shorter side has this length, or 0.</param>
/// <param name="CropSize">Centre crop to a square of this size, or 0.</param>
/// <param name="Labels">Class labels.</param>
public sealed record ClassifierDefaults(int ResizeWidth, int ResizeHeight, int ResizeShort, int CropSize, IReadOnlyList<string> Labels);

/// <summary>
/// A PaddleX image classifier (<c>ClasPredictor</c>): resize (to a size, or by the short side), optional centre
/// crop, ImageNet normalisation of the RGB image, top-1 of the softmax output. Also runs PaddleOCR 2.x direction
/// classifiers (<c>ClsResizeImg</c>: height-fixed resize keeping the aspect ratio, [-1, 1] normalisation of BGR,
/// zero padding to the input width).
/// </summary>
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class ImageClassifier : IDisposable
{
    private readonly IPredictor _predictor;
    private readonly string _inputName;
    private readonly bool _paddleOcrStyle;
    private readonly int _resizeWidth;
    private readonly int _resizeHeight;
    private readonly int _resizeShort;
    private readonly int _cropSize;
    private readonly int _inputWidth;
    private readonly int _inputHeight;
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly double _scale;

    /// <summary>Creates the classifier; pre-processing comes from <paramref name="config"/> when it has it, else from <paramref name="defaults"/>.</summary>
    /// <param name="predictor">The model; owned and disposed by the classifier.</param>
    /// <param name="config">The model's inference.yml, or null.</param>
    /// <param name="defaults">Pre-processing and labels of the official model.</param>
    /// <param name="batchSize">Images per model run.</param>
    public ImageClassifier(IPredictor predictor, ModelConfig? config, ClassifierDefaults defaults, int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _predictor = predictor;
        _inputName = predictor.Inputs[0].Name;
        BatchSize = batchSize;
        var clsResize = ModelConfig.GetSequence(config?.FindPreProcess("ClsResizeImg"), "image_shape");
        var resize = config?.FindPreProcess("ResizeImage");
        if (clsResize is { Count: 3 })
        {
            _paddleOcrStyle = true;
            _inputHeight = ParseInt(clsResize[1], config!);
            _inputWidth = ParseInt(clsResize[2], config!);
            (_mean, _std, _scale) = ([0.5, 0.5, 0.5], [0.5, 0.5, 0.5], 1.0 / 255.0);
        }
        else
        {
            if (resize is not null)
            {
                var size = ModelConfig.GetSequence(resize, "size");
                (_resizeWidth, _resizeHeight) = size is { Count: 2 } ? (ParseInt(size[0], config!), ParseInt(size[1], config!)) : (0, 0);
                _resizeShort = ModelConfig.GetScalar(resize, "resize_short") is { } s ? ParseInt(s, config!) : 0;
                _cropSize = ModelConfig.GetScalar(config!.FindPreProcess("CropImage"), "size") is { } c ? ParseInt(c, config) : 0;
            }
            else
            {
                (_resizeWidth, _resizeHeight, _resizeShort, _cropSize) = (defaults.ResizeWidth, defaults.ResizeHeight, defaults.ResizeShort, defaults.CropSize);
            }

            if (_resizeShort == 0 && (_resizeWidth == 0 || _resizeHeight == 0))
            {
                throw new ModelLoadException($"Classifier '{predictor.ModelName}': ResizeImage needs either size [w, h] or resize_short.", predictor.ModelName);
            }

            (_mean, _std, _scale) = TextDetector.ReadNormalization(config?.FindPreProcess("NormalizeImage"));
        }

        Labels = config?.LabelList ?? ModelConfig.GetSequence(config?.PostProcess, "label_list") ?? defaults.Labels;
    }

    /// <summary>The class labels.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Images per model run.</summary>
    public int BatchSize { get; }

    /// <summary>Classifies each image.</summary>
    public IReadOnlyList<Classification> Predict(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new Classification[images.Count];
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(BatchSize, images.Count - start);
            var prepared = new BgrImage[count];
            try
            {
                for (var i = 0; i < count; i++)
                {
                    prepared[i] = Prepare(images[start + i]);
                }

                // All images of a batch share the input size (PaddleOCR style pads to the fixed width).
                var (height, width) = _paddleOcrStyle ? (_inputHeight, _inputWidth) : (prepared[0].Height, prepared[0].Width);
                var itemSize = 3 * height * width;
                using var input = Tensor.Rent<float>([count, 3, height, width]);
                var data = input.AsSpan<float>();
                for (var i = 0; i < count; i++)
                {
                    var target = data.Slice(i * itemSize, itemSize);
                    if (_paddleOcrStyle)
                    {
                        ImageNormalizer.NormalizeHalf(prepared[i], target, width);
                    }
                    else
                    {
                        ImageNormalizer.NormalizeMeanStd(prepared[i], target, _mean, _std, _scale, toRgb: true);
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
                        var label = id < Labels.Count ? Labels[id] : id.ToString(CultureInfo.InvariantCulture);
                        results[start + i] = new Classification(id, label, row[id]);
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
            finally
            {
                foreach (var p in prepared)
                {
                    p?.Dispose();
                }
            }
        }

        return results;
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _predictor.Dispose();

    private BgrImage Prepare(BgrImage image)
    {
        if (_paddleOcrStyle)
        {
            var ratio = image.Width / (double)image.Height;
            var width = Math.Ceiling(_inputHeight * ratio) > _inputWidth ? _inputWidth : (int)Math.Ceiling(_inputHeight * ratio);
            return ImageResize.ResizeLinear(image, Math.Max(width, 1), _inputHeight);
        }

        BgrImage resized;
        if (_resizeShort > 0)
        {
            // PaddleX ResizeByShort: scale = target / min(h, w); each side round(side x scale) (Python's round).
            var scale = _resizeShort / (double)Math.Min(image.Width, image.Height);
            resized = ImageResize.ResizeLinear(image, Math.Max((int)Math.Round(image.Width * scale), 1), Math.Max((int)Math.Round(image.Height * scale), 1));
        }
        else
        {
            resized = ImageResize.ResizeLinear(image, _resizeWidth, _resizeHeight);
        }

        if (_cropSize <= 0)
        {
            return resized;
        }

        try
        {
            return CenterCrop(resized, _cropSize);
        }
        finally
        {
            resized.Dispose();
        }
    }

    // PaddleX's Crop (mode "C"): the top-left corner at ((w - size) / 2, (h - size) / 2), floored, not below 0.
    private static BgrImage CenterCrop(BgrImage image, int size)
    {
        var width = Math.Min(size, image.Width);
        var height = Math.Min(size, image.Height);
        var x0 = Math.Max(0, (image.Width - size) / 2);
        var y0 = Math.Max(0, (image.Height - size) / 2);
        var crop = BgrImage.Create(width, height);
        for (var y = 0; y < height; y++)
        {
            image.Row(y0 + y).Slice(3 * x0, 3 * width).CopyTo(crop.Row(y));
        }

        return crop;
    }

    private static int ParseInt(string text, ModelConfig config) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelLoadException($"Model configuration '{config.Path}': '{text}' is not an integer.", config.Path);
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// The document unwarping module (PaddleX's <c>image_unwarping</c>, UVDoc): the whole page, scaled to [0, 1]
/// (PaddleX: Normalize(mean 0, std 1, scale 1/255), no resize), goes through the model.
/// </summary>
/// <remarks>
/// An exported UVDoc program ends with its own grid upsampling and <c>grid_sample</c> and returns the unwarped
/// page [1, 3, H, W] in [0, 1]; a program cut after the grid (output [1, 2, h, w]) is finished here by
/// <see cref="GridSampler"/> (managed, no full-resolution float copy of the page). Either way the page is scaled
/// by 255 and truncated to bytes as PaddleX's <c>DocTrPostProcess</c>. Channels keep their order (BGR in, BGR out).
/// Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.
/// </remarks>
public sealed class DocUnwarper : IDisposable
{
    private readonly IPredictor _predictor;
    private readonly string _inputName;

    /// <summary>Creates the module over a loaded predictor (owned and disposed by the module).</summary>
    public DocUnwarper(IPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.Inputs.Count != 1 || predictor.Outputs.Count < 1)
        {
            throw new ModelLoadException($"Unwarping model '{predictor.ModelName}' must have one image input and one output.", predictor.ModelName);
        }

        _predictor = predictor;
        _inputName = predictor.Inputs[0].Name;
    }

    /// <summary>Loads an unwarping model directory.</summary>
    public static DocUnwarper Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        return new DocUnwarper(engine.CreatePredictor(model.Source, predictorOptions));
    }

    /// <summary>Unwarps a page; the result has the page's size.</summary>
    public BgrImage Predict(BgrImage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        cancellationToken.ThrowIfCancellationRequested();
        using var input = Tensor.Rent<float>([1, 3, page.Height, page.Width]);
        ImageNormalizer.NormalizeMeanStd(page, input.AsSpan<float>(), [0, 0, 0], [1, 1, 1], 1.0 / 255.0);
        var outputs = _predictor.Run([new NamedTensor(_inputName, input)], cancellationToken);
        try
        {
            var output = outputs[0];
            var dims = output.Shape;
            if (dims.Length != 4 || dims[0] != 1)
            {
                throw new InferenceEngineException($"Unwarping model '{_predictor.ModelName}' returned shape [{string.Join(",", dims.ToArray())}]; expected [1, 3, H, W] (page) or [1, 2, h, w] (grid).");
            }

            var data = output.AsSpan<float>();
            if (dims[1] == 2)
            {
                return GridSampler.Unwarp(page, data, (int)dims[3], (int)dims[2]);
            }

            if (dims[1] != 3)
            {
                throw new InferenceEngineException($"Unwarping model '{_predictor.ModelName}' returned {dims[1]} channels; expected 3 (page) or 2 (grid).");
            }

            return FromPlanes(data, (int)dims[3], (int)dims[2]);
        }
        finally
        {
            foreach (var o in outputs)
            {
                o.Dispose();
            }
        }
    }

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _predictor.Dispose();

    private static BgrImage FromPlanes(ReadOnlySpan<float> planes, int width, int height)
    {
        var image = BgrImage.Create(width, height);
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                for (var c = 0; c < 3; c++)
                {
                    row[3 * x + c] = (byte)Math.Clamp((int)(planes[c * plane + i] * 255f), 0, 255);
                }
            }
        }

        return image;
    }
}

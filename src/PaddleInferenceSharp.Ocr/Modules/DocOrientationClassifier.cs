using System.Globalization;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>The orientation of a page.</summary>
/// <param name="Angle">0, 90, 180 or 270: how far the page must be turned counter-clockwise to stand upright.</param>
/// <param name="Score">The class probability.</param>
public readonly record struct DocOrientation(int Angle, float Score);

/// <summary>
/// The document orientation module (PaddleX's <c>doc_text_orientation</c>, PP-LCNet_x1_0_doc_ori): resize the
/// shorter side to 256, centre-crop 224 x 224, ImageNet normalisation of RGB, four classes 0/90/180/270.
/// </summary>
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class DocOrientationClassifier : IDisposable
{
    /// <summary>Pre-processing and labels of PP-LCNet_x1_0_doc_ori, used when the model has no inference.yml.</summary>
    public static ClassifierDefaults Defaults { get; } = new(0, 0, 256, 224, ["0", "90", "180", "270"]);

    private readonly ImageClassifier _classifier;

    /// <summary>Creates the module over a loaded predictor (owned and disposed by the module).</summary>
    public DocOrientationClassifier(IPredictor predictor, ModelConfig? config = null)
    {
        _classifier = new ImageClassifier(predictor, config, Defaults);
        foreach (var label in _classifier.Labels)
        {
            if (!int.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var angle) || angle is not (0 or 90 or 180 or 270))
            {
                throw new ModelLoadException($"Document orientation model '{predictor.ModelName}' has label '{label}'; expected the angles 0, 90, 180, 270.", predictor.ModelName);
            }
        }
    }

    /// <summary>Loads a document orientation model directory.</summary>
    public static DocOrientationClassifier Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        // One input size (the centre crop), so the run memory is kept for the next page unless the caller chose otherwise.
        return new DocOrientationClassifier(engine.CreatePredictor(model.Source, RunMemory.Keep(predictorOptions)), model.Config);
    }

    /// <summary>Classifies a page.</summary>
    public DocOrientation Predict(BgrImage page, CancellationToken cancellationToken = default)
    {
        var c = _classifier.Predict([page], cancellationToken)[0];
        return new DocOrientation(int.Parse(c.Label, CultureInfo.InvariantCulture), c.Score);
    }

    /// <summary>Classifies pages, one model run each: the class id, its label (the angle as text) and probability.</summary>
    internal IReadOnlyList<Classification> Classify(IReadOnlyList<BgrImage> pages, CancellationToken cancellationToken = default) =>
        _classifier.Predict(pages, cancellationToken);

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _classifier.Dispose();
}

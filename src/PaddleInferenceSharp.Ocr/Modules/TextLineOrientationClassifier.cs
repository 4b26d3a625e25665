using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// The text-line orientation module (PaddleX's <c>textline_orientation</c>): class 0 is upright, class 1 is upside
/// down (180 degrees). Runs PP-LCNet_x0_25_textline_ori (resize to 160 x 80, ImageNet normalisation of RGB) and
/// PaddleOCR's ch_ppocr_mobile_v2.0_cls, as their <c>inference.yml</c> describes.
/// </summary>
/// <remarks>Thread-safety: like its <see cref="IPredictor"/>, one instance serves one thread at a time.</remarks>
public sealed class TextLineOrientationClassifier : IDisposable
{
    /// <summary>Pre-processing and labels of PP-LCNet_x0_25_textline_ori, used when the model has no inference.yml.</summary>
    public static ClassifierDefaults Defaults { get; } = new(160, 80, 0, 0, ["0_degree", "180_degree"]);

    private readonly ImageClassifier _classifier;

    /// <summary>Creates the module over a loaded predictor (owned and disposed by the module).</summary>
    public TextLineOrientationClassifier(IPredictor predictor, ModelConfig? config = null, int batchSize = 6)
    {
        _classifier = new ImageClassifier(predictor, config, Defaults, batchSize);
    }

    /// <summary>Crops per model run.</summary>
    public int BatchSize => _classifier.BatchSize;

    /// <summary>Loads a text-line orientation model directory.</summary>
    public static TextLineOrientationClassifier Create(IInferenceEngine engine, ModelDirectory model, PredictorOptions predictorOptions, int batchSize = 6)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        // Its runs have one input size (a batch of crops resized to the model's), so their memory is kept for the next
        // batch unless the caller chose otherwise: given back, its page faults were about half of the module's time.
        return new TextLineOrientationClassifier(engine.CreatePredictor(model.Source, RunMemory.Keep(predictorOptions)), model.Config, batchSize);
    }

    /// <summary>Classifies each crop: class id 1 means the line is upside down.</summary>
    public IReadOnlyList<Classification> Predict(IReadOnlyList<BgrImage> crops, CancellationToken cancellationToken = default) =>
        _classifier.Predict(crops, cancellationToken);

    /// <summary>Disposes the predictor.</summary>
    public void Dispose() => _classifier.Dispose();
}

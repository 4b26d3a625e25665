using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// <see cref="TextDetector"/> run on its own (PaddleX's <c>text_detection</c> module): the defaults come from the
/// model's <c>inference.yml</c> (<see cref="TextDetectorOptions.ModuleDefaults"/>), the options' parameters override
/// them, and the boxes stay in the order DB finds them.
/// </summary>
internal sealed class TextDetectionModule : OcrModule
{
    private readonly TextDetector _detector;

    public TextDetectionModule(ModelDirectory model, OcrModuleOptions options, IInferenceEngine engine, bool ownsEngine, PredictorOptions predictorOptions)
        : base(OcrModuleKind.TextDetection, model, options, engine, ownsEngine)
    {
        var defaults = TextDetectorOptions.ModuleDefaults(model.Config, model.ModelName);
        var parameters = defaults with
        {
            LimitSideLen = options.LimitSideLen ?? defaults.LimitSideLen,
            LimitType = options.LimitType ?? defaults.LimitType,
            MaxSideLimit = options.MaxSideLimit ?? defaults.MaxSideLimit,
            Thresh = options.Thresh ?? defaults.Thresh,
            BoxThresh = options.BoxThresh ?? defaults.BoxThresh,
            UnclipRatio = options.UnclipRatio ?? defaults.UnclipRatio,
            InputShape = options.InputShape ?? defaults.InputShape,
        };
        parameters.Validate();
        _detector = TextDetector.Create(engine, model, predictorOptions, parameters);
    }

    /// <summary>The detection parameters in use.</summary>
    public TextDetectorOptions Parameters => _detector.Options;

    private protected override OcrModuleResult[] Run(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken)
    {
        var results = new OcrModuleResult[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var boxes = _detector.Predict(images[i], null, cancellationToken);
            var polys = new Quad[boxes.Count];
            var scores = new float[boxes.Count];
            for (var b = 0; b < boxes.Count; b++)
            {
                (polys[b], scores[b]) = (boxes[b].Box, boxes[b].Score);
            }

            results[i] = new TextDetectionResult { DtPolys = polys, DtScores = scores };
        }

        return results;
    }

    private protected override void DisposeModel() => _detector.Dispose();
}

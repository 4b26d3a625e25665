using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// <see cref="TextLineOrientationClassifier"/> or <see cref="DocOrientationClassifier"/> run on its own (PaddleX's
/// <c>textline_orientation</c> and <c>doc_text_orientation</c> modules): the top class of each image, its score
/// rounded to 5 decimals as PaddleX's <c>Topk</c> does.
/// </summary>
internal sealed class ClassificationModule : OcrModule
{
    private readonly TextLineOrientationClassifier? _textline;
    private readonly DocOrientationClassifier? _document;

    public ClassificationModule(OcrModuleKind kind, ModelDirectory model, OcrModuleOptions options, IInferenceEngine engine, bool ownsEngine, PredictorOptions predictorOptions)
        : base(kind, model, options, engine, ownsEngine)
    {
        if (kind == OcrModuleKind.TextLineOrientationClassification)
        {
            _textline = TextLineOrientationClassifier.Create(engine, model, predictorOptions, options.BatchSize);
        }
        else if (kind == OcrModuleKind.DocImgOrientationClassification)
        {
            _document = DocOrientationClassifier.Create(engine, model, predictorOptions);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a classification module.");
        }
    }

    private protected override OcrModuleResult[] Run(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken)
    {
        var classified = _textline is not null ? _textline.Predict(images, cancellationToken) : _document!.Classify(images, cancellationToken);
        var results = new OcrModuleResult[classified.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var c = classified[i];
            results[i] = new ClassificationResult { ClassIds = [c.ClassId], Scores = [RoundScore(c.Score)], LabelNames = [c.Label] };
        }

        return results;
    }

    // PaddleX's Topk: np.around(score, decimals=5) on float32, i.e. rint(score x 1e5) / 1e5 in single precision.
    internal static float RoundScore(float score) => MathF.Round(score * 100000f, MidpointRounding.ToEven) / 100000f;

    private protected override void DisposeModel()
    {
        _textline?.Dispose();
        _document?.Dispose();
    }
}

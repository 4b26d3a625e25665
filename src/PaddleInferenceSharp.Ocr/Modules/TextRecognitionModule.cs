using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// <see cref="TextRecognizer"/> run on its own (PaddleX's <c>text_recognition</c> module): each image is one text
/// line, <see cref="OcrModuleOptions.BatchSize"/> lines per model run (padded to the batch's widest, as PaddleX does).
/// </summary>
internal sealed class TextRecognitionModule : OcrModule
{
    private readonly TextRecognizer _recognizer;

    public TextRecognitionModule(ModelDirectory model, OcrModuleOptions options, IInferenceEngine engine, bool ownsEngine, PredictorOptions predictorOptions)
        : base(OcrModuleKind.TextRecognition, model, options, engine, ownsEngine)
    {
        _recognizer = TextRecognizer.Create(engine, model, predictorOptions, new TextRecognizerOptions
        {
            BatchSize = options.BatchSize,
            DictionaryPath = options.DictionaryPath,
            InputShape = options.InputShape,
        });
    }

    private protected override OcrModuleResult[] Run(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken)
    {
        var recognized = _recognizer.Predict(images, returnWordBox: false, cancellationToken);
        var results = new OcrModuleResult[recognized.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new TextRecognitionResult { RecText = recognized[i].Text, RecScore = recognized[i].Score };
        }

        return results;
    }

    private protected override void DisposeModel() => _recognizer.Dispose();
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary><see cref="DocUnwarper"/> run on its own (PaddleX's <c>image_unwarping</c> module): each page flattened, one model run each.</summary>
internal sealed class UnwarpingModule : OcrModule
{
    private readonly DocUnwarper _unwarper;

    public UnwarpingModule(ModelDirectory model, OcrModuleOptions options, IInferenceEngine engine, bool ownsEngine, PredictorOptions predictorOptions)
        : base(OcrModuleKind.TextImageUnwarping, model, options, engine, ownsEngine)
    {
        _unwarper = DocUnwarper.Create(engine, model, predictorOptions);
    }

    private protected override bool KeepsInputImage => false;

    private protected override OcrModuleResult[] Run(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken)
    {
        var results = new OcrModuleResult[images.Count];
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                results[i] = new UnwarpingResult { DoctrImg = _unwarper.Predict(images[i], cancellationToken) };
            }
        }
        catch
        {
            foreach (var result in results)
            {
                result?.Dispose();
            }

            throw;
        }

        return results;
    }

    private protected override void DisposeModel() => _unwarper.Dispose();
}

using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// The engine as one pipeline module sees it: it creates that module's predictors on the engine chosen for it and
/// records and logs what the engine applied (<see cref="IPredictor.Settings"/>), so the effective settings of every
/// module can be read back (<see cref="OcrPipeline.ModuleSettings"/>). It does not own the engine.
/// </summary>
internal sealed class ModuleEngine(IInferenceEngine inner, string module, ILogger logger, ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> settings) : IInferenceEngine
{
    public IInferenceEngine Inner => inner;

    public string Name => inner.Name;

    public string RuntimeDescription => inner.RuntimeDescription;

    public bool CanLoad(ModelSource model) => inner.CanLoad(model);

    public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
    {
        var predictor = inner.CreatePredictor(model, options);
        // A recogniser creates several predictors (parallel runs); the first one's settings stand for the module.
        if (settings.TryAdd(module, predictor.Settings))
        {
            logger.LogInformation("{Module}: {Model} on {Engine} ({Settings})", module, model.DisplayName, inner.Name, Format(predictor.Settings));
        }

        return predictor;
    }

    public void Dispose()
    {
    }

    internal static string Format(IReadOnlyDictionary<string, string> settings) =>
        string.Join(", ", settings.Where(pair => pair.Key != "engine").Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));
}

using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;

namespace PaddleInferenceSharp.Ocr;

public sealed partial class OcrPipeline
{
    // PaddleX's sub-module keys.
    private const string DocOrientationModule = "doc_orientation_classify";
    private const string DocUnwarpingModule = "doc_unwarping";
    private const string TextDetectionModule = "text_detection";
    private const string TextRecognitionModule = "text_recognition";
    private const string TextLineOrientationModule = "textline_orientation";

    // The modules the options switch on, in PaddleX's order.
    private static List<string> EnabledModules(OcrPipelineOptions options)
    {
        var modules = new List<string>(5);
        if (options.UseDocOrientationClassify)
        {
            modules.Add(DocOrientationModule);
        }

        if (options.UseDocUnwarping)
        {
            modules.Add(DocUnwarpingModule);
        }

        modules.Add(TextDetectionModule);
        modules.Add(TextRecognitionModule);
        if (options.UseTextlineOrientation)
        {
            modules.Add(TextLineOrientationModule);
        }

        return modules;
    }

    // Finds every model before loading any: one that is missing (offline, or its download failed) fails at once, not
    // after the others have spent seconds loading.
    private void LoadModules(List<string> modules)
    {
        foreach (var module in modules)
        {
            var source = ModelSource.FromDirectory(LocateModel(module));
            if (_hpi is { } hpi)
            {
                _plans[module] = hpi.Plan(module, source, _predictorOptions);
            }
        }

        foreach (var module in modules)
        {
            Load(module);
        }
    }

    // The directory of a module's model: the one the options give, else its name looked up (or downloaded) in the cache.
    private string LocateModel(string module)
    {
        var (directory, name) = module switch
        {
            DocOrientationModule => (Options.DocOrientationClassifyModelDir, Options.DocOrientationClassifyModelName),
            DocUnwarpingModule => (Options.DocUnwarpingModelDir, Options.DocUnwarpingModelName),
            TextDetectionModule => (Options.TextDetectionModelDir, Options.EffectiveTextDetectionModelName),
            TextRecognitionModule => (Options.TextRecognitionModelDir, Options.EffectiveTextRecognitionModelName),
            TextLineOrientationModule => (Options.TextLineOrientationModelDir, Options.EffectiveTextLineOrientationModelName),
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
        };
        return directory ?? _cache.Resolve(name);
    }

    private ModelDirectory OpenModel(string module)
    {
        var dir = LocateModel(module);
        _logger.LogInformation("Loading {Module} model from {Directory}", module, dir);
        return ModelDirectory.Open(dir);
    }

    private void Load(string module)
    {
        _ = module switch
        {
            DocOrientationModule => (object)_docOrientation.Value,
            DocUnwarpingModule => _docUnwarper.Value,
            TextDetectionModule => _detector.Value,
            TextRecognitionModule => _recognizer.Value,
            TextLineOrientationModule => _textlineOrientation.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
        };
    }

    /// <summary>The engine settings every module's predictor gets from <paramref name="options"/>.</summary>
    internal static PredictorOptions PredictorOptionsFor(OcrPipelineOptions options) => new()
    {
        Device = options.Device.ToString(),
        CpuThreads = options.CpuThreads,
        EnableMkldnn = options.EnableMkldnn,
        MkldnnCacheCapacity = options.MkldnnCacheCapacity,
        Precision = options.Precision,
        UseTensorRt = options.UseTensorRt,
    };

    private ModuleEngine EngineFor(string module) => new(_plans.TryGetValue(module, out var plan) ? plan.Engine : _engine, module, _logger, _moduleSettings);

    // The predictor settings of a module: the pipeline's, or what use_hpip chose for it.
    // precision int8 covers text detection and recognition; the classifiers and UVDoc keep fp32.
    private PredictorOptions OptionsFor(string module)
    {
        var options = _plans.TryGetValue(module, out var plan) ? plan.Options : _predictorOptions;
        return options.Precision == InferencePrecision.Int8 && module is not (TextDetectionModule or TextRecognitionModule)
            ? options with { Precision = InferencePrecision.Fp32 }
            : options;
    }

    // TextRecognitionParallelRuns, 0 resolved: two runs side by side when the CPU models may use several threads.
    internal static int RecognitionParallelRuns(OcrPipelineOptions options)
    {
        if (options.TextRecognitionParallelRuns > 0)
        {
            return options.TextRecognitionParallelRuns;
        }

        var threads = PredictorOptionsFor(options).EffectiveCpuThreads;
        return options.Device.IsCpu && threads > 1 ? 2 : 1;
    }
}

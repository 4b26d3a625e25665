using System.Globalization;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// PaddleX's <c>use_hpip</c>: the engine and settings chosen per module. <c>hpi_config.backend</c> names the engine
/// (<c>paddle</c>, <c>onnxruntime</c>; <c>tensorrt</c> is Paddle Inference with TensorRT); without it Paddle
/// Inference runs a module when its library loads and the model is a Paddle program (oneDNN on the CPU, TensorRT on a
/// GPU), else ONNX Runtime with its fastest settings here (graph rewriting on, every processor up to PaddleX's 8).
/// <c>hpi_config.backend_config</c> keys that map are honoured: <c>cpu_num_threads</c>, <c>run_mode</c>
/// (<c>paddle</c>, <c>mkldnn</c>, <c>trt_fp32</c>, <c>trt_fp16</c>), <c>mkldnn_cache_capacity</c>; others are
/// warned about once.
/// </summary>
internal sealed class HighPerformanceInference(OcrPipelineOptions options, IInferenceEngine defaultEngine, ILoggerFactory? loggerFactory, ILogger logger)
{
    private readonly List<IInferenceEngine> _created = [];
    private IInferenceEngine? _paddle;
    private string? _paddleUnavailable;
    private IInferenceEngine? _onnxRuntime;

    /// <summary>Engines this planner created (the pipeline disposes them).</summary>
    public IReadOnlyList<IInferenceEngine> CreatedEngines => _created;

    /// <summary>The engine and settings for <paramref name="module"/>, whose model is <paramref name="model"/>; logs the choice.</summary>
    public (IInferenceEngine Engine, PredictorOptions Options) Plan(string module, ModelSource model, PredictorOptions baseOptions)
    {
        var predictorOptions = ApplyBackendConfig(baseOptions);
        var backend = Text(options.HpiConfig, "backend")?.ToLowerInvariant();
        IInferenceEngine engine;
        string why;
        switch (backend)
        {
            case "paddle" or "paddle_infer" or "tensorrt":
                engine = Paddle() ?? throw new InferenceEngineException($"use_hpip: hpi_config backend '{backend}' needs the Paddle Inference engine, which is not available: {_paddleUnavailable}");
                if (backend == "tensorrt")
                {
                    predictorOptions = predictorOptions with { UseTensorRt = true };
                }

                why = $"hpi_config backend '{backend}'";
                break;
            case "onnxruntime":
                engine = OnnxRuntime();
                why = "hpi_config backend 'onnxruntime'";
                break;
            case null:
                if (Paddle() is { } paddle && paddle.CanLoad(model))
                {
                    engine = paddle;
                    predictorOptions = predictorOptions with
                    {
                        EnableMkldnn = predictorOptions.EnableMkldnn ?? (options.Device.IsCpu ? true : null),
                    };
                    why = "Paddle Inference is installed and the model is a Paddle program";
                }
                else
                {
                    engine = OnnxRuntime();
                    why = _paddle is null ? $"Paddle Inference is not available ({FirstLine(_paddleUnavailable)})" : "the model has no Paddle program for Paddle Inference";
                }

                break;
            default:
                throw new OcrConfigurationException($"use_hpip: hpi_config backend '{backend}' is not one this library has; expected paddle, tensorrt or onnxruntime.");
        }

        logger.LogInformation("use_hpip: {Module} runs on {Engine} ({Why})", module, engine.Name, why);
        return (engine, predictorOptions);
    }

    private PredictorOptions ApplyBackendConfig(PredictorOptions baseOptions)
    {
        if (options.HpiConfig?.GetValueOrDefault("backend_config") is not IReadOnlyDictionary<string, object?> config)
        {
            return baseOptions;
        }

        var result = baseOptions;
        foreach (var (key, value) in config)
        {
            switch (key)
            {
                case "cpu_num_threads":
                    result = result with { CpuThreads = Convert.ToInt32(value, CultureInfo.InvariantCulture) };
                    break;
                case "mkldnn_cache_capacity":
                    result = result with { MkldnnCacheCapacity = Convert.ToInt32(value, CultureInfo.InvariantCulture) };
                    break;
                case "run_mode":
                    result = (value as string) switch
                    {
                        "paddle" => result with { EnableMkldnn = false },
                        "mkldnn" => result with { EnableMkldnn = true },
                        "trt_fp32" => result with { UseTensorRt = true, Precision = InferencePrecision.Fp32 },
                        "trt_fp16" => result with { UseTensorRt = true, Precision = InferencePrecision.Fp16 },
                        var other => throw new OcrConfigurationException($"use_hpip: hpi_config backend_config run_mode '{other}' is not one of paddle, mkldnn, trt_fp32, trt_fp16."),
                    };
                    break;
                default:
                    if (_warned.Add(key))
                    {
                        logger.LogWarning("use_hpip: hpi_config backend_config key '{Key}' does not apply to the engines here and is ignored.", key);
                    }

                    break;
            }
        }

        return result;
    }

    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    private IInferenceEngine? Paddle()
    {
        if (_paddle is not null || _paddleUnavailable is not null)
        {
            return _paddle;
        }

        if (defaultEngine.Name == "paddle")
        {
            return _paddle = defaultEngine;
        }

        try
        {
            _paddle = InferenceEngines.Create(InferenceEngineKind.Paddle, EngineOptions());
            _created.Add(_paddle);
        }
        catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException)
        {
            _paddleUnavailable = ex.Message;
        }

        return _paddle;
    }

    private IInferenceEngine OnnxRuntime()
    {
        if (_onnxRuntime is not null)
        {
            return _onnxRuntime;
        }

        if (defaultEngine.Name == "onnxruntime")
        {
            return _onnxRuntime = defaultEngine;
        }

        _onnxRuntime = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime, EngineOptions() with { OptimizeOnnxGraphs = true });
        _created.Add(_onnxRuntime);
        return _onnxRuntime;
    }

    private InferenceEngineOptions EngineOptions() => new() { Device = options.Device, LoggerFactory = loggerFactory, OptimizeOnnxGraphs = options.OptimizeOnnxGraphs };

    private static string? Text(IReadOnlyDictionary<string, object?>? config, string key) => config?.GetValueOrDefault(key) as string;

    private static string FirstLine(string? text) => text is null ? "" : text.Split('\n', 2)[0];
}

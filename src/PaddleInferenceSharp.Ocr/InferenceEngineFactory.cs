using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;
using PaddleInferenceSharp.OnnxRuntime;
using PaddleInferenceSharp.Paddle;

namespace PaddleInferenceSharp.Ocr;

/// <summary>Creates the inference engine named by <c>--engine</c>.</summary>
public static class InferenceEngineFactory
{
    /// <summary>The engine names accepted.</summary>
    public static IReadOnlyList<string> Names { get; } = ["onnxruntime", "paddle", "auto"];

    /// <summary>Creates an engine.</summary>
    /// <param name="name">
    /// <c>onnxruntime</c>, <c>paddle</c>, or <c>auto</c>: Paddle Inference when its native library loads, else ONNX
    /// Runtime (the reason is logged as a warning).
    /// </param>
    /// <param name="loggerFactory">Receives engine messages.</param>
    /// <exception cref="ArgumentException">Unknown engine name.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static IInferenceEngine Create(string name, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Engine");
        return name switch
        {
            "onnxruntime" => new OnnxRuntimeEngine(logger: logger, paddleConverter: PaddleConverter(loggerFactory)),
            "paddle" => new PaddleEngine(logger: logger),
            "auto" => CreateAuto(logger, loggerFactory),
            _ => throw new ArgumentException($"Unknown engine '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static IInferenceEngine CreateAuto(ILogger? logger, ILoggerFactory? loggerFactory)
    {
        try
        {
            var paddle = new PaddleEngine(logger: logger);
            logger?.LogInformation("--engine auto: using {Runtime}", paddle.RuntimeDescription);
            return paddle;
        }
        catch (InferenceEngineException ex)
        {
            logger?.LogWarning("--engine auto: Paddle Inference is not available, falling back to ONNX Runtime. {Reason}", ex.Message);
            return new OnnxRuntimeEngine(logger: logger, paddleConverter: PaddleConverter(loggerFactory));
        }
    }

    /// <summary>Environment variable naming a directory where Paddle models converted to ONNX are cached (no cache when unset).</summary>
    public const string OnnxCacheVariable = "PADDLEINFERENCESHARP_ONNX_CACHE";

    /// <summary>The Paddle → ONNX conversion hook of the ONNX Runtime engine, cached when <see cref="OnnxCacheVariable"/> is set.</summary>
    private static Func<ModelSource, ModelSource> PaddleConverter(ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Models");
        var cacheDir = Environment.GetEnvironmentVariable(OnnxCacheVariable);
        var converter = new PaddleToOnnxConverter(logger, string.IsNullOrEmpty(cacheDir) ? null : new OnnxConversionCache(cacheDir, logger));
        return source => converter.ConvertSource(source);
    }
}

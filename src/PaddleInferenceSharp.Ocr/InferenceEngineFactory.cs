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
    /// <param name="optimizeOnnxGraphs">
    /// ONNX Runtime: rewrite each model with <see cref="OnnxGraphOptimizer"/> before loading it (scales and shifts
    /// folded into convolutions, hard-swish fused); see <see cref="OcrPipelineOptions.OptimizeOnnxGraphs"/>.
    /// </param>
    /// <exception cref="ArgumentException">Unknown engine name.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static IInferenceEngine Create(string name, ILoggerFactory? loggerFactory = null, bool optimizeOnnxGraphs = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Engine");
        return name switch
        {
            "onnxruntime" => CreateOnnxRuntime(logger, loggerFactory, optimizeOnnxGraphs),
            "paddle" => new PaddleEngine(logger: logger),
            "auto" => CreateAuto(logger, loggerFactory, optimizeOnnxGraphs),
            _ => throw new ArgumentException($"Unknown engine '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static OnnxRuntimeEngine CreateOnnxRuntime(ILogger? logger, ILoggerFactory? loggerFactory, bool optimizeOnnxGraphs)
    {
        var converter = PaddleConverter(loggerFactory, optimizeOnnxGraphs);
        return new OnnxRuntimeEngine(logger: logger, paddleConverter: s => converter.ConvertSource(s),
            onnxOptimizer: optimizeOnnxGraphs ? converter.OptimizeSource : null);
    }

    private static IInferenceEngine CreateAuto(ILogger? logger, ILoggerFactory? loggerFactory, bool optimizeOnnxGraphs)
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
            return CreateOnnxRuntime(logger, loggerFactory, optimizeOnnxGraphs);
        }
    }

    /// <summary>Environment variable naming a directory where Paddle models converted to ONNX are cached (no cache when unset).</summary>
    public const string OnnxCacheVariable = "PADDLEINFERENCESHARP_ONNX_CACHE";

    /// <summary>The Paddle → ONNX converter behind the ONNX Runtime engine's hooks, cached when <see cref="OnnxCacheVariable"/> is set.</summary>
    private static PaddleToOnnxConverter PaddleConverter(ILoggerFactory? loggerFactory, bool optimizeGraphs)
    {
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Models");
        var cacheDir = Environment.GetEnvironmentVariable(OnnxCacheVariable);
        return new PaddleToOnnxConverter(logger, string.IsNullOrEmpty(cacheDir) ? null : new OnnxConversionCache(cacheDir, logger), optimizeGraphs);
    }
}

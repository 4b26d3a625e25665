using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;
using PaddleInferenceSharp.OnnxRuntime;

namespace PaddleInferenceSharp.Ocr;

/// <summary>Creates the inference engine named by <c>--engine</c>.</summary>
public static class InferenceEngineFactory
{
    /// <summary>The engine names accepted.</summary>
    public static IReadOnlyList<string> Names { get; } = ["onnxruntime", "paddle", "auto"];

    /// <summary>Creates an engine.</summary>
    /// <param name="name"><c>onnxruntime</c>, <c>paddle</c> or <c>auto</c>.</param>
    /// <param name="loggerFactory">Receives engine messages.</param>
    /// <exception cref="ArgumentException">Unknown engine name.</exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static IInferenceEngine Create(string name, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Engine");
        return name switch
        {
            "onnxruntime" or "auto" => new OnnxRuntimeEngine(logger: logger, paddleConverter: PaddleConverter(loggerFactory)),
            "paddle" => throw new InferenceEngineException("The Paddle Inference engine is not part of this build yet; use --engine onnxruntime."),
            _ => throw new ArgumentException($"Unknown engine '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Environment variable naming a directory where Paddle models converted to ONNX are cached (no cache when unset).</summary>
    public const string OnnxCacheVariable = "PADDLEX_SHARP_ONNX_CACHE";

    /// <summary>The Paddle → ONNX conversion hook of the ONNX Runtime engine, cached when <see cref="OnnxCacheVariable"/> is set.</summary>
    private static Func<ModelSource, ModelSource> PaddleConverter(ILoggerFactory? loggerFactory)
    {
        var logger = loggerFactory?.CreateLogger("PaddleInferenceSharp.Models");
        var cacheDir = Environment.GetEnvironmentVariable(OnnxCacheVariable);
        var converter = new PaddleToOnnxConverter(logger, string.IsNullOrEmpty(cacheDir) ? null : new OnnxConversionCache(cacheDir, logger));
        return source => converter.ConvertSource(source);
    }
}

using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.OnnxRuntime;

[assembly: InferenceEngineProvider(typeof(OnnxRuntimeEngineProvider))]

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// Creates <see cref="OnnxRuntimeEngine"/>s that also load Paddle-format model directories (converted to ONNX in
/// process by <see cref="PaddleToOnnxConverter"/>) and optimise ONNX graphs before loading them.
/// </summary>
public sealed class OnnxRuntimeEngineProvider : IInferenceEngineProvider
{
    /// <summary>Environment variable naming a directory where Paddle models converted to ONNX are cached (no cache when unset).</summary>
    public const string OnnxCacheVariable = "PADDLEINFERENCESHARP_ONNX_CACHE";

    /// <inheritdoc />
    public InferenceEngineKind Kind => InferenceEngineKind.OnnxRuntime;

    /// <inheritdoc />
    public IInferenceEngine Create(InferenceEngineOptions options) => Create(options, null);

    /// <summary>Creates an engine with ONNX Runtime settings of its own.</summary>
    /// <param name="options">Settings shared by every engine.</param>
    /// <param name="onnxRuntimeOptions">ONNX Runtime settings; defaults when null.</param>
    /// <exception cref="NativeLibraryNotFoundException">libonnxruntime cannot be loaded.</exception>
    public static OnnxRuntimeEngine Create(InferenceEngineOptions options, OnnxRuntimeOptions? onnxRuntimeOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        var modelsLogger = options.LoggerFactory?.CreateLogger("PaddleInferenceSharp.Models");
        var cacheDir = Environment.GetEnvironmentVariable(OnnxCacheVariable);
        var cache = string.IsNullOrEmpty(cacheDir) ? null : new OnnxConversionCache(cacheDir, modelsLogger);
        var converter = new PaddleToOnnxConverter(modelsLogger, cache, options.OptimizeOnnxGraphs);
        return new OnnxRuntimeEngine(onnxRuntimeOptions, options.LoggerFactory?.CreateLogger("PaddleInferenceSharp.Engine"),
            paddleConverter: s => converter.ConvertSource(s), onnxOptimizer: options.OptimizeOnnxGraphs ? converter.OptimizeSource : null);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>The ONNX Runtime engine: loads ONNX models (files or bytes) into <see cref="OrtPredictor"/>s on the CPU.</summary>
/// <remarks>Thread-safe. Creating it loads the native library once per process (see <see cref="OnnxRuntimeOptions"/>).</remarks>
public sealed class OnnxRuntimeEngine : IInferenceEngine
{
    /// <summary>The name used by <c>--engine</c>.</summary>
    public const string EngineName = "onnxruntime";

    private readonly OrtRuntime _runtime;
    private readonly OnnxRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly Func<ModelSource, ModelSource>? _converter;
    private readonly Func<ModelSource, ModelSource>? _onnxOptimizer;

    /// <summary>Loads ONNX Runtime.</summary>
    /// <param name="options">Library location and session settings; defaults when null.</param>
    /// <param name="logger">Receives load and session messages.</param>
    /// <param name="paddleConverter">
    /// Turns a model that has only a Paddle program into an ONNX model (in memory); null when Paddle-format
    /// models should be rejected.
    /// </param>
    /// <param name="onnxOptimizer">
    /// Rewrites a model that is ONNX already before it is loaded (e.g. <c>PaddleToOnnxConverter.OptimizeSource</c>,
    /// which folds scales and shifts into convolutions); null loads ONNX files as they are. Models produced by
    /// <paramref name="paddleConverter"/> are not passed to it.
    /// </param>
    /// <exception cref="NativeLibraryNotFoundException">The library was not found; the message lists every place searched.</exception>
    public OnnxRuntimeEngine(OnnxRuntimeOptions? options = null, ILogger? logger = null, Func<ModelSource, ModelSource>? paddleConverter = null,
        Func<ModelSource, ModelSource>? onnxOptimizer = null)
    {
        _onnxOptimizer = onnxOptimizer;
        _options = options ?? new OnnxRuntimeOptions();
        _logger = logger ?? NullLogger.Instance;
        _converter = paddleConverter;
        _runtime = OrtRuntime.Get(_options);
        _logger.LogDebug("ONNX Runtime {Version} loaded from {Path}; glibc mmap threshold {Threshold}", _runtime.Version, _runtime.LibraryPath,
            _runtime.MallocMmapThreshold is { } t ? $"fixed at {t} bytes" : "left as it is");
    }

    /// <inheritdoc />
    public string Name => EngineName;

    /// <summary>The ONNX Runtime version, e.g. "1.30.0".</summary>
    public string Version => _runtime.Version;

    /// <inheritdoc />
    public string RuntimeDescription => $"ONNX Runtime {_runtime.Version} ({_runtime.LibraryPath})";

    /// <inheritdoc />
    public bool CanLoad(ModelSource model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.HasOnnx || (model.HasPaddleProgram && _converter is not null);
    }

    /// <inheritdoc />
    public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Device != "cpu" && !options.Device.StartsWith("cpu", StringComparison.Ordinal))
        {
            throw new InferenceEngineException($"The ONNX Runtime engine runs on the CPU only; device '{options.Device}' needs the Paddle engine (--engine paddle).");
        }

        var original = model;
        if (!model.HasOnnx)
        {
            if (!model.HasPaddleProgram || _converter is null)
            {
                throw new ModelLoadException($"Model '{model.DisplayName}' has no ONNX file (inference.onnx) for ONNX Runtime.", model.DisplayName);
            }

            model = _converter(model);
        }
        else if (_onnxOptimizer is not null)
        {
            model = _onnxOptimizer(model);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var transformed = !ReferenceEquals(model, original);
        var session = OrtSession.Create(_runtime, model, options, _options);
        if (transformed)
        {
            // The converted or optimised model bytes (tens of MB, large-object heap) are garbage now that ONNX Runtime
            // holds the session; only a full collection frees them, and steady-state inference rarely runs one, so
            // they would stay committed for the life of the process.
            model = original;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        _logger.LogDebug("Loaded {Model} in {Elapsed:F0} ms: inputs {Inputs}; outputs {Outputs}",
            model.DisplayName, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            string.Join("; ", session.Inputs), string.Join("; ", session.Outputs));
        return new OrtPredictor(session);
    }

    /// <summary>Nothing to release: the ONNX Runtime environment lives for the process.</summary>
    public void Dispose()
    {
    }
}

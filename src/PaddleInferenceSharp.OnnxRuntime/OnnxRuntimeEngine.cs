using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

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
    private int _warnedMkldnn;
    private int _warnedMkldnnCache;

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
    /// <param name="int8Models">Where <c>precision int8</c> finds the quantized models calibration wrote; the default cache when null.</param>
    public OnnxRuntimeEngine(OnnxRuntimeOptions? options = null, ILogger? logger = null, Func<ModelSource, ModelSource>? paddleConverter = null,
        Func<ModelSource, ModelSource>? onnxOptimizer = null, OnnxInt8ModelCache? int8Models = null)
    {
        Int8Models = int8Models ?? new OnnxInt8ModelCache();
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

    /// <summary>Where <c>precision int8</c> finds quantized models (see <see cref="OnnxInt8Calibration"/>).</summary>
    public OnnxInt8ModelCache Int8Models { get; }

    /// <summary>Whether ONNX files are optimised before they are loaded (part of an int8 model's key).</summary>
    internal bool OptimizesOnnx => _onnxOptimizer is not null;

    internal OrtRuntime Runtime => _runtime;

    internal OnnxRuntimeOptions Options => _options;

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
        CheckApplicable(options);
        if (options.Precision == InferencePrecision.Int8)
        {
            return CreateInt8Predictor(model, options);
        }

        var original = model;
        model = Fp32Source(model);
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

        LogLoaded(model, session, started);
        return new OrtPredictor(session, SettingsFor(options, "fp32"));
    }

    /// <summary>The model as fp32 runs load it: converted from Paddle, or optimised, or as it is.</summary>
    internal ModelSource Fp32Source(ModelSource model)
    {
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

        return model;
    }

    internal Dictionary<string, string> SettingsFor(PredictorOptions options, string precision) => new()
    {
        ["engine"] = EngineName,
        ["device"] = "cpu",
        ["cpu_threads"] = options.EffectiveCpuThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["enable_mkldnn"] = "false",
        ["precision"] = precision,
        ["graph_optimization_level"] = _options.GraphOptimizationLevel.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private void LogLoaded(ModelSource model, OrtSession session, long started) =>
        _logger.LogDebug("Loaded {Model} in {Elapsed:F0} ms: inputs {Inputs}; outputs {Outputs}",
            model.DisplayName, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            string.Join("; ", session.Inputs), string.Join("; ", session.Outputs));

    // precision int8: the quantized model calibration wrote for this model, loaded as it is.
    private OrtPredictor CreateInt8Predictor(ModelSource model, PredictorOptions options)
    {
        var key = OnnxInt8ModelCache.Key(model, OptimizesOnnx);
        var path = Int8Models.ModelPath(key);
        if (!File.Exists(path))
        {
            throw new ModelLoadException(
                $"precision int8: model '{model.DisplayName}' has not been calibrated (no quantized model {path}). Run " +
                "`paddlex-sharp calibrate --input <sample images>` with the same model options first (it writes the quantized models to " +
                $"{Int8Models.Directory}; {OnnxInt8ModelCache.DirectoryVariable} moves it), or use --precision fp32.", model.DisplayName);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var session = OrtSession.Create(_runtime, ModelSource.FromFile(path), options, _options);
        LogLoaded(model, session, started);
        _logger.LogInformation("precision int8: {Model} runs the quantized model {Path}", model.DisplayName, path);
        return new OrtPredictor(session, SettingsFor(options, "int8"));
    }

    // PaddleX settings this CPU build cannot apply: those that would change what runs are refused, those that only
    // choose kernels are warned about once per engine.
    private void CheckApplicable(PredictorOptions options)
    {
        if (!Engine.InferenceDevice.Parse(options.Device).IsCpu)
        {
            throw new InferenceEngineException(
                $"device '{options.Device}': the ONNX Runtime engine ({_runtime.LibraryPath}) is a CPU build and runs on the CPU only. " +
                PaddleServes(options.Device));
        }

        if (options.UseTensorRt)
        {
            throw new InferenceEngineException(
                "use_tensorrt: the ONNX Runtime engine here has no TensorRT execution provider (CPU build). TensorRT runs through the " +
                "Paddle Inference engine on a GPU: --engine paddle --device gpu:0 with a GPU build of libpaddle_inference_c.");
        }

        if (options.Precision == InferencePrecision.Fp16)
        {
            throw new InferenceEngineException(
                "precision fp16: the ONNX Runtime engine runs fp32 or calibrated int8 on the CPU; half precision needs the Paddle Inference engine on a GPU.");
        }

        if (options.EnableMkldnn == true)
        {
            WarnOnce(ref _warnedMkldnn, "enable_mkldnn: ONNX Runtime's CPU build has no oneDNN execution provider; the models run on its own CPU kernels (same answers).");
        }

        if (options.MkldnnCacheCapacity is not null)
        {
            WarnOnce(ref _warnedMkldnnCache, "mkldnn_cache_capacity: ONNX Runtime's CPU build has no oneDNN execution provider; the setting does not apply.");
        }
    }

    private static string PaddleServes(string device) =>
        $"Device '{device}' is served by the Paddle Inference engine (package PaddleInferenceSharp.Paddle, --engine paddle) with a " +
        $"{(device.StartsWith("gpu", StringComparison.Ordinal) ? "GPU (CUDA)" : "matching device")} build of libpaddle_inference_c " +
        "(a PaddleInferenceSharp.runtime.<rid>.<device> package built by native/, or PADDLE_INFERENCE_ROOT).";

    private void WarnOnce(ref int flag, string message)
    {
        if (Interlocked.Exchange(ref flag, 1) == 0)
        {
            _logger.LogWarning("{Message}", message);
        }
    }

    /// <summary>Nothing to release: the ONNX Runtime environment lives for the process.</summary>
    public void Dispose()
    {
    }
}

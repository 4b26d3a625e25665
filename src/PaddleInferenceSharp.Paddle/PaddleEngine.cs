using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// The Paddle Inference engine: runs Paddle programs (<c>inference.json</c> PIR with a 3.x library,
/// <c>inference.pdmodel</c> with 2.x or 3.x) through <see cref="PaddlePredictor"/> on CPU, GPU, XPU or custom devices.
/// </summary>
/// <remarks>Thread-safe. Creating it loads the native library once per process (see <see cref="PaddleInferenceOptions"/>).</remarks>
public sealed class PaddleEngine : IInferenceEngine
{
    /// <summary>The name used by <c>--engine</c>.</summary>
    public const string EngineName = "paddle";

    private readonly PaddleInferenceOptions _options;
    private readonly ILogger _logger;
    private int _warnedMkldnn;

    /// <summary>Loads Paddle Inference.</summary>
    /// <exception cref="NativeLibraryNotFoundException">The library was not found; the message lists every place searched and the package to install.</exception>
    public PaddleEngine(PaddleInferenceOptions? options = null, ILogger? logger = null)
        : this(PaddleLibrary.Load(options), options, logger)
    {
    }

    /// <summary>An engine over an already loaded library (tests use it to apply another version's rules).</summary>
    internal PaddleEngine(PaddleLibrary library, PaddleInferenceOptions? options, ILogger? logger)
    {
        _options = options ?? new PaddleInferenceOptions();
        _logger = logger ?? NullLogger.Instance;
        Library = library;
        _logger.LogDebug("{Library} loaded; preloaded: {Preloaded}", Library.Description, Library.Preloaded.Count == 0 ? "none" : string.Join(", ", Library.Preloaded));
    }

    /// <summary>The loaded library.</summary>
    public PaddleLibrary Library { get; }

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    public string RuntimeDescription => Library.Description;

    /// <inheritdoc />
    public bool CanLoad(ModelSource model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.HasPaddleProgram && model.PaddleParamsPath is not null && (!model.IsPirProgram || Library.SupportsPir);
    }

    /// <inheritdoc />
    public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (model.PaddleProgramPath is null)
        {
            throw new ModelLoadException($"Model '{model.DisplayName}' has no Paddle program (inference.json or inference.pdmodel); the Paddle engine cannot run ONNX files, use --engine onnxruntime.", model.DisplayName);
        }

        if (model.PaddleParamsPath is null)
        {
            throw new ModelLoadException($"Model '{model.DisplayName}' has no parameters file beside '{model.PaddleProgramPath}' (expected {Path.ChangeExtension(Path.GetFileName(model.PaddleProgramPath), ".pdiparams")}).", model.DisplayName);
        }

        if (options.Precision == InferencePrecision.Int8)
        {
            throw new InferenceEngineException(
                "precision int8: the int8 path quantizes text detection and recognition for the ONNX Runtime engine (--engine onnxruntime, after `paddlex-sharp calibrate`); " +
                "Paddle Inference runs int8 only from models quantized by PaddleSlim or through TensorRT calibration, which this binding does not set up.");
        }

        var device = PaddleDevice.Parse(options.Device);
        var precision = options.Precision == InferencePrecision.Fp16 ? PaddlePrecision.Half : PaddlePrecision.Float32;
        if (options.UseTensorRt && device.Kind != "gpu")
        {
            throw new InferenceEngineException($"use_tensorrt: Paddle Inference runs TensorRT subgraphs on CUDA GPUs only, not on device '{device}'.");
        }

        if (precision != PaddlePrecision.Float32 && device.Kind == "cpu")
        {
            throw new InferenceEngineException("precision fp16: Paddle Inference runs half precision on GPUs and custom devices; on the CPU use fp32.");
        }

        if (device.Kind != "cpu" && (options.EnableMkldnn == true || options.MkldnnCacheCapacity is not null) && Interlocked.Exchange(ref _warnedMkldnn, 1) == 0)
        {
            _logger.LogWarning("enable_mkldnn / mkldnn_cache_capacity apply to the CPU; device {Device} does not use oneDNN.", device);
        }

        using var config = new PaddleConfig(Library);
        config.SetModel(model.PaddleProgramPath, model.PaddleParamsPath);
        device.Apply(config, _options with
        {
            UseOneDnn = options.EnableMkldnn ?? _options.UseOneDnn,
            OneDnnCacheCapacity = options.MkldnnCacheCapacity ?? _options.OneDnnCacheCapacity,
        }, precision);
        if (device.Kind == "cpu")
        {
            config.CpuMathThreads = options.EffectiveCpuThreads;
        }

        if (options.UseTensorRt)
        {
            config.EnableTensorRt(precision: precision);
            if (_options.UseTensorRtOss)
            {
                config.EnableTensorRtOss();
            }
        }

        config.IrOptim = true;
        config.MemoryOptim = true;
        if (_options.DisableGlogInfo)
        {
            config.DisableGlogInfo();
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var settings = new Dictionary<string, string>
        {
            ["engine"] = EngineName,
            ["device"] = AppliedDevice(config, device),
            ["cpu_threads"] = config.CpuMathThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["enable_mkldnn"] = config.OneDnnEnabled ? "true" : "false",
            ["precision"] = InferencePrecisions.Format(options.Precision),
            ["use_tensorrt"] = options.UseTensorRt && config.TensorRtEnabled ? "true" : "false",
        };
        var predictor = PaddlePredictor.Create(config).WithSettings(settings);
        _logger.LogDebug("Loaded {Model} on {Device} in {Elapsed:F0} ms", model.DisplayName, device,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return predictor;
    }

    // The device as the config reports it back (GPU and XPU numbers), so the settings show what reached the library.
    private static string AppliedDevice(PaddleConfig config, PaddleDevice device) => device.Kind switch
    {
        "gpu" when config.UseGpu => "gpu:" + config.GpuDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "xpu" when config.UseXpu => "xpu:" + config.XpuDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => device.ToString(),
    };

    /// <summary>Nothing to release: the library stays loaded for the process.</summary>
    public void Dispose()
    {
    }
}

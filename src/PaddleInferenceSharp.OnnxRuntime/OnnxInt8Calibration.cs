using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// Calibrates and writes the int8 models of <c>precision int8</c>. <see cref="Engine"/> stands in for the ONNX
/// Runtime engine while sample inputs run: predictors asked for with <see cref="InferencePrecision.Int8"/> run the
/// model in fp32 (same outputs) and record the range of every activation the quantizer needs; the others are the
/// engine's own. <see cref="Save"/> then quantizes each calibrated model (<see cref="OnnxInt8Quantizer"/>), writes it
/// and its statistics to the engine's <see cref="OnnxRuntimeEngine.Int8Models"/>, and reports which operators ONNX
/// Runtime runs as integer kernels.
/// </summary>
/// <remarks>Thread-safe: predictors of one model, their clones included, share one set of ranges.</remarks>
public sealed class OnnxInt8Calibration
{
    private readonly OnnxRuntimeEngine _engine;
    private readonly Int8QuantizationOptions _options;
    private readonly Dictionary<string, ModelState> _models = new(StringComparer.Ordinal);

    /// <summary>Calibrates for <paramref name="engine"/>.</summary>
    public OnnxInt8Calibration(OnnxRuntimeEngine engine, Int8QuantizationOptions? options = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? new Int8QuantizationOptions();
        Engine = new CalibrationEngine(this);
    }

    /// <summary>The engine to run the sample inputs on (not to be disposed separately; it does not own the ONNX Runtime engine).</summary>
    public IInferenceEngine Engine { get; }

    /// <summary>Quantizes every model that ran, writes it to the cache and reports on it.</summary>
    /// <exception cref="InvalidOperationException">No int8 predictor ran any input.</exception>
    public IReadOnlyList<OnnxInt8CalibrationResult> Save(CancellationToken cancellationToken = default)
    {
        ModelState[] models;
        lock (_models)
        {
            models = _models.Values.ToArray();
        }

        if (models.Length == 0 || models.All(m => m.Ranges.Runs == 0))
        {
            throw new InvalidOperationException("No calibration input ran: give calibration at least one image with text.");
        }

        var results = new List<OnnxInt8CalibrationResult>();
        foreach (var model in models.Where(m => m.Ranges.Runs > 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(SaveModel(model));
        }

        return results;
    }

    private OnnxInt8CalibrationResult SaveModel(ModelState model)
    {
        OnnxInt8Quantization quantized;
        lock (model)
        {
            quantized = OnnxInt8Quantizer.Quantize(model.Fp32, model.Ranges, _options, model.DisplayName);
        }

        var cache = _engine.Int8Models;
        var path = cache.ModelPath(model.Key);
        OnnxInt8ModelCache.Write(path, quantized.OnnxModel);
        var kernels = KernelsOf(quantized.OnnxModel, model.DisplayName);
        var result = new OnnxInt8CalibrationResult(model.DisplayName, path, model.Ranges.Runs, quantized.Convs, quantized.MatMuls, quantized.Activations, quantized.KeptFloat, kernels);
        var json = JsonNode.Parse(model.Ranges.ToJson())!.AsObject();
        json["model"] = model.DisplayName;
        json["quantizer_version"] = OnnxInt8ModelCache.QuantizerVersion;
        json["reduce_range"] = _options.ReduceRange;
        json["convs"] = quantized.Convs;
        json["matmuls"] = quantized.MatMuls;
        json["activations"] = quantized.Activations;
        json["kept_float"] = new JsonArray(quantized.KeptFloat.Select(k => (JsonNode)k).ToArray());
        var ops = new JsonObject();
        foreach (var (op, count) in kernels)
        {
            ops[op] = count;
        }

        json["onnxruntime_kernels"] = ops;
        OnnxInt8ModelCache.Write(cache.CalibrationPath(model.Key), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        return result;
    }

    // The operators of the graph ONNX Runtime runs for the quantized model, after its own fusions.
    private IReadOnlyDictionary<string, int> KernelsOf(byte[] quantized, string displayName)
    {
        var file = Path.Combine(Path.GetTempPath(), "paddleinferencesharp-int8-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            using (OrtSession.Create(_engine.Runtime, ModelSource.FromOnnxBytes(quantized, displayName), new PredictorOptions { CpuThreads = 1 },
                       _engine.Options with { OptimizedModelFilePath = file }))
            {
            }

            return OnnxModelOperators.Count(File.ReadAllBytes(file), displayName);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private ModelState StateFor(ModelSource model)
    {
        var key = OnnxInt8ModelCache.Key(model, _engine.OptimizesOnnx);
        lock (_models)
        {
            if (_models.TryGetValue(key, out var state))
            {
                return state;
            }
        }

        var source = _engine.Fp32Source(model);
        var fp32 = source.OnnxPath is { } path ? File.ReadAllBytes(path) : source.OnnxBytes.ToArray();
        var tensors = OnnxInt8Quantizer.CalibrationTensors(fp32, _options, model.DisplayName);
        var created = new ModelState(key, model.DisplayName, fp32, tensors.ToHashSet(StringComparer.Ordinal),
            OnnxInt8Quantizer.WithCalibrationOutputs(fp32, tensors, model.DisplayName));
        lock (_models)
        {
            return _models.TryAdd(key, created) ? created : _models[key];
        }
    }

    private sealed class ModelState(string key, string displayName, byte[] fp32, HashSet<string> tensors, byte[] withOutputs)
    {
        public string Key => key;
        public string DisplayName => displayName;
        public byte[] Fp32 => fp32;
        public HashSet<string> Tensors => tensors;
        public byte[] WithOutputs => withOutputs;
        public ActivationRanges Ranges { get; } = new();
    }

    private sealed class CalibrationEngine(OnnxInt8Calibration owner) : IInferenceEngine
    {
        public string Name => owner._engine.Name;

        public string RuntimeDescription => owner._engine.RuntimeDescription + ", calibrating int8";

        public bool CanLoad(ModelSource model) => owner._engine.CanLoad(model);

        public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(options);
            if (options.Precision != InferencePrecision.Int8)
            {
                return owner._engine.CreatePredictor(model, options);
            }

            var state = owner.StateFor(model);
            var fp32Options = options with { Precision = InferencePrecision.Fp32 };
            var session = OrtSession.Create(owner._engine.Runtime, ModelSource.FromOnnxBytes(state.WithOutputs, model.DisplayName), fp32Options, owner._engine.Options);
            var inner = new OrtPredictor(session, owner._engine.SettingsFor(fp32Options, "fp32 (calibrating int8)"));
            return new CalibratingPredictor(inner, state, inner.Outputs.Count - state.Tensors.Count(t => inner.Outputs.Any(o => o.Name == t)));
        }

        public void Dispose()
        {
        }
    }

    // Runs the model with the measured activations as extra outputs; returns the model's own outputs.
    private sealed class CalibratingPredictor(IPredictor inner, ModelState state, int ownOutputs) : IPredictor
    {
        public string ModelName => inner.ModelName;

        public IReadOnlyDictionary<string, string> Settings => inner.Settings;

        public IReadOnlyList<TensorInfo> Inputs => inner.Inputs;

        public IReadOnlyList<TensorInfo> Outputs { get; } = inner.Outputs.Take(ownOutputs).ToArray();

        public IPredictor Clone() => new CalibratingPredictor(inner.Clone(), state, ownOutputs);

        public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
        {
            var outputs = inner.Run(inputs, cancellationToken);
            lock (state)
            {
                for (var i = ownOutputs; i < outputs.Length; i++)
                {
                    state.Ranges.Update(inner.Outputs[i].Name, outputs[i].AsSpan<float>());
                    outputs[i].Dispose();
                }

                state.Ranges.CountRun();
            }

            return outputs[..ownOutputs];
        }

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>What <see cref="OnnxInt8Calibration.Save"/> wrote for one model.</summary>
/// <param name="Model">The fp32 model.</param>
/// <param name="QuantizedModelPath">The int8 model in the cache.</param>
/// <param name="CalibrationRuns">Model runs the activation ranges were measured on.</param>
/// <param name="Convs">Convolutions quantized.</param>
/// <param name="MatMuls">Matrix products quantized.</param>
/// <param name="Activations">Activation tensors given a quantize/dequantize pair.</param>
/// <param name="KeptFloat">Quantizable nodes left in float.</param>
/// <param name="OnnxRuntimeKernels">The operators of the graph ONNX Runtime runs, after its fusions (<c>domain:op</c> → count): integer kernels such as <c>QLinearConv</c>, and what stayed float.</param>
public sealed record OnnxInt8CalibrationResult(string Model, string QuantizedModelPath, int CalibrationRuns, int Convs, int MatMuls, int Activations,
    IReadOnlyList<string> KeptFloat, IReadOnlyDictionary<string, int> OnnxRuntimeKernels)
{
    /// <summary>The integer kernels: <c>QLinear*</c>, <c>*Integer*</c> and <c>QGemm</c>, summed.</summary>
    public int IntegerKernels => OnnxRuntimeKernels.Where(k => IsInteger(k.Key)).Sum(k => k.Value);

    /// <summary>Float convolutions and matrix products left (any domain: ONNX, com.microsoft, NCHWc).</summary>
    public int FloatConvsAndMatMuls => OnnxRuntimeKernels.Where(k => k.Key.EndsWith(":Conv", StringComparison.Ordinal) || k.Key.EndsWith(":FusedConv", StringComparison.Ordinal)
        || k.Key.EndsWith(":MatMul", StringComparison.Ordinal) || k.Key.EndsWith(":FusedMatMul", StringComparison.Ordinal) || k.Key.EndsWith(":Gemm", StringComparison.Ordinal)).Sum(k => k.Value);

    /// <summary>One line per operator kind, integer kernels first.</summary>
    public string Describe() => string.Join(", ", OnnxRuntimeKernels.OrderByDescending(k => IsInteger(k.Key)).ThenByDescending(k => k.Value)
        .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key.TrimStart(':')} {k.Value}")));

    private static bool IsInteger(string op)
    {
        var name = op[(op.LastIndexOf(':') + 1)..];
        return name.StartsWith("QLinear", StringComparison.Ordinal) || name.Contains("Integer", StringComparison.Ordinal) || name == "QGemm";
    }
}

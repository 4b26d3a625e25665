using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

/// <summary>A loaded Paddle model (<c>PD_Predictor</c>): named inputs and outputs, run, clone.</summary>
/// <remarks>
/// Thread-safety: a predictor is NOT safe for concurrent runs (Paddle keeps one set of feed/fetch tensors per
/// predictor). Use one predictor per thread: <see cref="Clone"/> shares the loaded program and weights and is cheap.
/// <see cref="Dispose"/> may race with calls on other threads safely: the native object is destroyed once the last
/// call (and the last <see cref="PaddleTensor"/> of it) has finished.
/// </remarks>
public sealed unsafe class PaddlePredictor : IPredictor
{
    private readonly PaddlePredictorHandle _handle;
    private readonly PaddleLibrary _library;
    private readonly Lazy<IReadOnlyList<TensorInfo>> _inputs;
    private readonly Lazy<IReadOnlyList<TensorInfo>> _outputs;

    private PaddlePredictor(PaddlePredictorHandle handle, PaddleLibrary library, string modelName)
    {
        _handle = handle;
        _library = library;
        ModelName = modelName;
        _inputs = new Lazy<IReadOnlyList<TensorInfo>>(() => ReadInfos(input: true));
        _outputs = new Lazy<IReadOnlyList<TensorInfo>>(() => ReadInfos(input: false));
    }

    /// <inheritdoc />
    public string ModelName { get; }

    /// <inheritdoc />
    /// <remarks>Read back from the config the predictor was created with (empty for one created by <see cref="Create"/> directly).</remarks>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>Creates a predictor from <paramref name="config"/>, which it consumes (one predictor per config).</summary>
    /// <remarks>The config object stays the caller's to dispose (Paddle 2.5+ does not free it; for 2.4 and older this class forgets it instead).</remarks>
    /// <exception cref="InvalidOperationException">The config was used already or has no model.</exception>
    /// <exception cref="PaddleInferenceException">Paddle returned no predictor.</exception>
    public static PaddlePredictor Create(PaddleConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = config.ProgramFile.Length > 0 ? config.ProgramFile : config.ModelDirectory.Length > 0 ? config.ModelDirectory : "(model in memory)";
        IntPtr pointer;
        using (var c = config.TakeForPredictor())
        {
            pointer = PaddleNative.PD_PredictorCreate(c.Pointer);
        }

        if (config.Library.PredictorCreateTakesConfig)
        {
            config.ReleaseOwnershipToLibrary();
        }

        if (pointer == IntPtr.Zero)
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_PredictorCreate), $"Paddle Inference could not create a predictor for '{name}' (PD_PredictorCreate returned NULL).");
        }

        return new PaddlePredictor(new PaddlePredictorHandle(pointer), config.Library, name);
    }

    // The engine records what it configured (PaddleEngine.CreatePredictor).
    internal PaddlePredictor WithSettings(IReadOnlyDictionary<string, string> settings)
    {
        Settings = settings;
        return this;
    }

    /// <summary>The input names.</summary>
    public IReadOnlyList<string> InputNames => Names(&PaddleNative.PD_PredictorGetInputNames, nameof(PaddleNative.PD_PredictorGetInputNames));

    /// <summary>The output names, in the order <see cref="Run(IReadOnlyList{NamedTensor}, CancellationToken)"/> returns them.</summary>
    public IReadOnlyList<string> OutputNames => Names(&PaddleNative.PD_PredictorGetOutputNames, nameof(PaddleNative.PD_PredictorGetOutputNames));

    /// <summary>The number of inputs.</summary>
    public int InputCount
    {
        get
        {
            using var p = _handle.Lease();
            return (int)PaddleNative.PD_PredictorGetInputNum(p.Pointer);
        }
    }

    /// <summary>The number of outputs.</summary>
    public int OutputCount
    {
        get
        {
            using var p = _handle.Lease();
            return (int)PaddleNative.PD_PredictorGetOutputNum(p.Pointer);
        }
    }

    /// <inheritdoc />
    /// <remarks>Shapes use -1 for dynamic dimensions. Libraries before 2.5 lack the IOInfo functions: names only, element type Unknown, empty shape.</remarks>
    public IReadOnlyList<TensorInfo> Inputs => _inputs.Value;

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Outputs => _outputs.Value;

    /// <summary>A handle on the named input.</summary>
    /// <exception cref="ArgumentException">No input has that name.</exception>
    public PaddleTensor GetInputTensor(string name) => Tensor(name, input: true);

    /// <summary>A handle on the named output.</summary>
    /// <exception cref="ArgumentException">No output has that name.</exception>
    public PaddleTensor GetOutputTensor(string name) => Tensor(name, input: false);

    /// <summary>Runs the model on the inputs set through <see cref="GetInputTensor"/>.</summary>
    /// <exception cref="PaddleInferenceException">Paddle reported failure.</exception>
    public void Run()
    {
        using var p = _handle.Lease();
        if (PaddleNative.PD_PredictorRun(p.Pointer) == 0)
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_PredictorRun), $"Paddle Inference failed to run '{ModelName}' (PD_PredictorRun returned false); check that every input was set with a valid shape.");
        }
    }

    /// <inheritdoc />
    public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        cancellationToken.ThrowIfCancellationRequested();
        var declared = Inputs;
        foreach (var info in declared)
        {
            if (!inputs.Any(i => i.Name == info.Name))
            {
                throw new ArgumentException($"Input '{info.Name}' of '{ModelName}' is missing.", nameof(inputs));
            }
        }

        foreach (var input in inputs)
        {
            SetInput(input, declared);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Run();
        var names = OutputNames;
        var results = new Tensor[names.Count];
        try
        {
            for (var i = 0; i < names.Count; i++)
            {
                results[i] = ReadOutput(names[i]);
            }
        }
        catch
        {
            foreach (var r in results)
            {
                r?.Dispose();
            }

            throw;
        }

        return results;
    }

    /// <inheritdoc />
    public PaddlePredictor Clone()
    {
        using var p = _handle.Lease();
        var pointer = PaddleNative.PD_PredictorClone(p.Pointer);
        if (pointer == IntPtr.Zero)
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_PredictorClone), $"Paddle Inference could not clone the predictor of '{ModelName}' (PD_PredictorClone returned NULL).");
        }

        return new PaddlePredictor(new PaddlePredictorHandle(pointer), _library, ModelName) { Settings = Settings };
    }

    IPredictor IPredictor.Clone() => Clone();

    /// <summary>Frees intermediate tensors kept between runs.</summary>
    public void ClearIntermediateTensors()
    {
        using var p = _handle.Lease();
        PaddleNative.PD_PredictorClearIntermediateTensor(p.Pointer);
    }

    /// <summary>Releases memory Paddle keeps cached; returns the bytes released (approximate).</summary>
    public ulong TryShrinkMemory()
    {
        using var p = _handle.Lease();
        return PaddleNative.PD_PredictorTryShrinkMemory(p.Pointer);
    }

    /// <summary>Destroys the predictor (idempotent; deferred while a call or a tensor handle still uses it). Clones are independent.</summary>
    public void Dispose() => _handle.Dispose();

    private void SetInput(NamedTensor input, IReadOnlyList<TensorInfo> declared)
    {
        var info = declared.FirstOrDefault(d => d.Name == input.Name)
            ?? throw new ArgumentException($"'{ModelName}' has no input '{input.Name}'; its inputs are: {string.Join(", ", declared.Select(d => d.Name))}.", nameof(input));
        var tensor = input.Tensor;
        if (info.ElementType != TensorElementType.Unknown && info.ElementType != tensor.ElementType)
        {
            throw new ArgumentException($"Input '{input.Name}' of '{ModelName}' takes {info.ElementType}, not {tensor.ElementType}.", nameof(input));
        }

        if (info.Shape.Count > 0 && info.Shape.Count != tensor.Shape.Length)
        {
            throw new ArgumentException($"Input '{input.Name}' of '{ModelName}' has rank {info.Shape.Count} ([{string.Join(",", info.Shape)}]), not {tensor.Shape.Length}.", nameof(input));
        }

        Span<int> shape = stackalloc int[tensor.Shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var d = tensor.Shape[i];
            shape[i] = d is < 0 or > int.MaxValue
                ? throw new ArgumentException($"Input '{input.Name}' dimension {i} ({d}) does not fit Paddle's int32 shapes.", nameof(input))
                : (int)d;
        }

        using var handle = GetInputTensor(input.Name);
        handle.Reshape(shape);
        switch (tensor.ElementType)
        {
            case TensorElementType.Float32: handle.CopyFromCpu<float>(tensor.AsSpan<float>()); break;
            case TensorElementType.Int32: handle.CopyFromCpu<int>(tensor.AsSpan<int>()); break;
            case TensorElementType.Int64: handle.CopyFromCpu<long>(tensor.AsSpan<long>()); break;
            case TensorElementType.UInt8: handle.CopyFromCpu<byte>(tensor.AsSpan<byte>()); break;
            case TensorElementType.Int8: handle.CopyFromCpu<sbyte>(tensor.AsSpan<sbyte>()); break;
            default: throw new ArgumentException($"Input '{input.Name}' has element type {tensor.ElementType}, which Paddle's C API cannot take.", nameof(input));
        }
    }

    private Tensor ReadOutput(string name)
    {
        using var handle = GetOutputTensor(name);
        var shape = handle.Shape;
        var longShape = new long[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            longShape[i] = shape[i];
        }

        var type = handle.DataType;
        Tensor result;
        switch (type)
        {
            case PaddleDataType.Float32: result = Engine.Tensor.Rent<float>(longShape); handle.CopyToCpu(result.AsSpan<float>()); break;
            case PaddleDataType.Int32: result = Engine.Tensor.Rent<int>(longShape); handle.CopyToCpu(result.AsSpan<int>()); break;
            case PaddleDataType.Int64: result = Engine.Tensor.Rent<long>(longShape); handle.CopyToCpu(result.AsSpan<long>()); break;
            case PaddleDataType.UInt8: result = Engine.Tensor.Rent<byte>(longShape); handle.CopyToCpu(result.AsSpan<byte>()); break;
            case PaddleDataType.Int8: result = Engine.Tensor.Rent<sbyte>(longShape); handle.CopyToCpu(result.AsSpan<sbyte>()); break;
            default:
                throw new PaddleInferenceException(nameof(PaddleNative.PD_TensorGetDataType),
                    $"Output '{name}' of '{ModelName}' has a data type the Paddle C API cannot return (float16, bool, float64, ...: reported as UNK).");
        }

        return result;
    }

    private PaddleTensor Tensor(string name, bool input)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var names = input ? InputNames : OutputNames;
        if (!names.Contains(name))
        {
            // Unknown names make Paddle throw a C++ exception through the C ABI: refuse them here.
            throw new ArgumentException($"'{ModelName}' has no {(input ? "input" : "output")} '{name}'; it has: {string.Join(", ", names)}.", nameof(name));
        }

        // The tensor handle takes its own reference on the predictor while this lease still holds one, so a
        // concurrent Dispose cannot destroy the predictor between the two.
        using var p = _handle.Lease();
        using var s = NativeUtf8Strings.Of(name);
        var pointer = input ? PaddleNative.PD_PredictorGetInputHandle(p.Pointer, s.First) : PaddleNative.PD_PredictorGetOutputHandle(p.Pointer, s.First);
        return pointer == IntPtr.Zero
            ? throw new PaddleInferenceException(input ? nameof(PaddleNative.PD_PredictorGetInputHandle) : nameof(PaddleNative.PD_PredictorGetOutputHandle), $"Paddle returned no handle for tensor '{name}' of '{ModelName}' ({(input ? "PD_PredictorGetInputHandle" : "PD_PredictorGetOutputHandle")} returned NULL).")
            : new PaddleTensor(new PaddleTensorHandle(pointer, _handle), name);
    }

    private string[] Names(delegate*<nint, PD_OneDimArrayCstr*> getter, string function)
    {
        using var p = _handle.Lease();
        var array = getter(p.Pointer);
        return array is null
            ? throw new PaddleInferenceException(function, $"{function} returned NULL for '{ModelName}'.")
            : PaddleReturnedArrays.TakeStrings(array);
    }

    private IReadOnlyList<TensorInfo> ReadInfos(bool input)
    {
        var function = input ? nameof(PaddleNative.PD_PredictorGetInputInfos) : nameof(PaddleNative.PD_PredictorGetOutputInfos);
        if (!_library.HasExport(function))
        {
            return (input ? InputNames : OutputNames).Select(n => new TensorInfo(n, TensorElementType.Unknown, Array.Empty<long>())).ToArray();
        }

        using var p = _handle.Lease();
        var infos = input ? PaddleNative.PD_PredictorGetInputInfos(p.Pointer) : PaddleNative.PD_PredictorGetOutputInfos(p.Pointer);
        return infos is null
            ? throw new PaddleInferenceException(function, $"{function} returned NULL for '{ModelName}'.")
            : PaddleReturnedArrays.TakeInfos(infos);
    }
}

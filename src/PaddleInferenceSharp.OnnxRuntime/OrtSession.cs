using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using PaddleInferenceSharp.Bindings.OnnxRuntime;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// A loaded ONNX Runtime session with its input/output metadata. <c>OrtSession::Run</c> is thread-safe, so one
/// session serves every <see cref="OrtPredictor"/> clone.
/// </summary>
internal sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtSessionHandle _handle;
    private readonly byte[][] _inputNamesUtf8;
    private readonly byte[][] _outputNamesUtf8;
    private readonly int _shrinkEvery;
    private readonly long _shrinkAbove;
    private long _runs;

    /// <summary>Every how many runs ONNX Runtime is asked to shrink the CPU arena after the run (0: never).</summary>
    internal int ShrinkArenaEveryRuns => _shrinkEvery;

    /// <summary>Runs whose inputs hold more elements than this shrink the CPU arena afterwards whatever the interval (0: no such rule).</summary>
    internal long ShrinkArenaAboveInputElements => _shrinkAbove;
    private int _references = 1;

    private OrtSession(OrtRuntime runtime, OrtSessionHandle handle, string modelName, int shrinkEvery, long shrinkAbove)
    {
        _runtime = runtime;
        _handle = handle;
        ModelName = modelName;
        Inputs = ReadInfos(input: true);
        Outputs = ReadInfos(input: false);
        _inputNamesUtf8 = Inputs.Select(i => Utf8Z(i.Name)).ToArray();
        _outputNamesUtf8 = Outputs.Select(o => Utf8Z(o.Name)).ToArray();
        _shrinkEvery = shrinkEvery;
        _shrinkAbove = shrinkAbove;
    }

    public string ModelName { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    public static OrtSession Create(OrtRuntime runtime, ModelSource model, PredictorOptions options, OnnxRuntimeOptions ortOptions)
    {
        var api = runtime.Api;
        IntPtr rawOptions;
        runtime.Check(api.CreateSessionOptions(&rawOptions), "creating session options");
        using var sessionOptions = new OrtSessionOptionsHandle(runtime, rawOptions);
        // ONNX Runtime's own default (0) counts physical cores, which on virtual machines is often 1; use the
        // processors this process may run on instead.
        var threads = options.EffectiveCpuThreads;
        runtime.Check(api.SetIntraOpNumThreads(rawOptions, threads), $"setting {threads} intra-op threads");
        runtime.Check(api.SetInterOpNumThreads(rawOptions, 1), "setting 1 inter-op thread");
        runtime.Check(api.SetSessionExecutionMode(rawOptions, OrtEnums.ExecutionSequential), "setting sequential execution");
        runtime.Check(api.SetSessionGraphOptimizationLevel(rawOptions, ortOptions.GraphOptimizationLevel), $"setting graph optimisation level {ortOptions.GraphOptimizationLevel}");
        runtime.Check(ortOptions.EnableCpuMemArena ? api.EnableCpuMemArena(rawOptions) : api.DisableCpuMemArena(rawOptions), "configuring the CPU memory arena");
        runtime.Check(ortOptions.EnableMemoryPattern ? api.EnableMemPattern(rawOptions) : api.DisableMemPattern(rawOptions), "configuring memory patterns");
        runtime.Check(api.SetSessionLogSeverityLevel(rawOptions, OrtEnums.LoggingError), "setting the session log level");
        AddConfig(runtime, rawOptions, "session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");

        IntPtr session;
        if (model.OnnxPath is { } path)
        {
            if (!File.Exists(path))
            {
                throw new ModelLoadException($"ONNX model file '{path}' does not exist.", path);
            }

            var status = OperatingSystem.IsWindows()
                ? CreateSessionWide(api, runtime.Env, path, rawOptions, &session)
                : CreateSessionUtf8(api, runtime.Env, path, rawOptions, &session);
            CheckLoad(runtime, status, path);
        }
        else if (!model.OnnxBytes.IsEmpty)
        {
            using var pin = model.OnnxBytes.Pin();
            CheckLoad(runtime, api.CreateSessionFromArray(runtime.Env, pin.Pointer, (nuint)model.OnnxBytes.Length, rawOptions, &session), model.DisplayName);
        }
        else
        {
            throw new ModelLoadException($"Model '{model.DisplayName}' has no ONNX file or ONNX bytes for ONNX Runtime.", model.DisplayName);
        }

        return new OrtSession(runtime, new OrtSessionHandle(runtime, session), model.DisplayName,
            ortOptions.EnableCpuMemArena ? options.ReleaseMemoryEveryRuns ?? (ortOptions.ShrinkArenaAfterRun ? 1 : 0) : 0,
            ortOptions.EnableCpuMemArena ? options.ReleaseMemoryAboveInputElements ?? 0 : 0);
    }

    /// <summary>Takes another reference for a predictor clone.</summary>
    public OrtSession AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new ObjectDisposedException(nameof(OrtSession));
        }

        return this;
    }

    /// <summary>Drops one reference; the session is released with the last.</summary>
    public void Dispose()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _handle.Dispose();
        }
    }

    public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var api = _runtime.Api;
        var ordered = OrderInputs(inputs);
        var inputCount = Inputs.Count;
        var outputCount = Outputs.Count;
        var pins = new MemoryHandle[inputCount];
        var values = new IntPtr[inputCount];
        var outputs = new IntPtr[outputCount];
        var inputNames = new GCHandle[inputCount];
        var outputNames = new GCHandle[outputCount];
        IntPtr runOptions = IntPtr.Zero;
        CancellationTokenRegistration registration = default;
        try
        {
            for (var i = 0; i < inputCount; i++)
            {
                var tensor = ordered[i];
                pins[i] = tensor.Pin();
                var shape = tensor.Shape;
                fixed (long* dims = shape)
                {
                    IntPtr value;
                    _runtime.Check(
                        api.CreateTensorWithDataAsOrtValue(_runtime.CpuMemoryInfo, pins[i].Pointer, (nuint)tensor.ByteLength, dims, (nuint)shape.Length, ToOrt(tensor.ElementType), &value),
                        $"creating input tensor '{Inputs[i].Name}' {tensor}");
                    values[i] = value;
                }

                inputNames[i] = GCHandle.Alloc(_inputNamesUtf8[i], GCHandleType.Pinned);
            }

            for (var i = 0; i < outputCount; i++)
            {
                outputNames[i] = GCHandle.Alloc(_outputNamesUtf8[i], GCHandleType.Pinned);
            }

            var shrink = (_shrinkEvery > 0 && Interlocked.Increment(ref _runs) % _shrinkEvery == 0) ||
                (_shrinkAbove > 0 && ordered.Sum(t => (long)t.Length) > _shrinkAbove);
            if (cancellationToken.CanBeCanceled || shrink)
            {
                _runtime.Check(api.CreateRunOptions(&runOptions), "creating run options");
            }

            if (shrink)
            {
                fixed (byte* key = "memory.enable_memory_arena_shrinkage\0"u8)
                fixed (byte* value = "cpu:0\0"u8)
                {
                    _runtime.Check(api.AddRunConfigEntry(runOptions, key, value), "asking for arena shrinkage after the run");
                }
            }

            if (cancellationToken.CanBeCanceled)
            {
                var options = runOptions;
                registration = cancellationToken.Register(() => _runtime.Api.RunOptionsSetTerminate(options));
            }

            var inputNamePointers = stackalloc IntPtr[inputCount];
            var outputNamePointers = stackalloc IntPtr[outputCount];
            for (var i = 0; i < inputCount; i++)
            {
                inputNamePointers[i] = inputNames[i].AddrOfPinnedObject();
            }

            for (var i = 0; i < outputCount; i++)
            {
                outputNamePointers[i] = outputNames[i].AddrOfPinnedObject();
            }

            bool added = false;
            _handle.DangerousAddRef(ref added);
            try
            {
                fixed (IntPtr* inputValues = values)
                fixed (IntPtr* outputValues = outputs)
                {
                    var status = api.Run(_handle.DangerousGetHandle(), runOptions, inputNamePointers, inputValues, (nuint)inputCount, outputNamePointers, (nuint)outputCount, outputValues);
                    if (status != IntPtr.Zero && cancellationToken.IsCancellationRequested)
                    {
                        api.ReleaseStatus(status);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    _runtime.Check(status, $"running model '{ModelName}'");
                }
            }
            finally
            {
                if (added)
                {
                    _handle.DangerousRelease();
                }
            }

            var results = new Tensor[outputCount];
            try
            {
                for (var i = 0; i < outputCount; i++)
                {
                    // The tensor takes over the output value; the cleanup below must not release it again.
                    var output = new OrtValueHandle(_runtime, outputs[i]);
                    outputs[i] = IntPtr.Zero;
                    try
                    {
                        results[i] = WrapOutput(output, Outputs[i].Name);
                    }
                    catch
                    {
                        output.Dispose();
                        throw;
                    }
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
        finally
        {
            registration.Dispose();
            if (runOptions != IntPtr.Zero)
            {
                api.ReleaseRunOptions(runOptions);
            }

            for (var i = 0; i < inputCount; i++)
            {
                if (values[i] != IntPtr.Zero)
                {
                    api.ReleaseValue(values[i]);
                }

                pins[i].Dispose();
                if (inputNames[i].IsAllocated)
                {
                    inputNames[i].Free();
                }
            }

            for (var i = 0; i < outputCount; i++)
            {
                if (outputs[i] != IntPtr.Zero)
                {
                    api.ReleaseValue(outputs[i]);
                }

                if (outputNames[i].IsAllocated)
                {
                    outputNames[i].Free();
                }
            }
        }
    }

    private Tensor[] OrderInputs(IReadOnlyList<NamedTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var ordered = new Tensor[Inputs.Count];
        foreach (var (name, tensor) in inputs)
        {
            var index = -1;
            for (var i = 0; i < Inputs.Count; i++)
            {
                if (Inputs[i].Name == name)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                throw new ArgumentException($"Model '{ModelName}' has no input named '{name}'; its inputs are: {string.Join(", ", Inputs)}.", nameof(inputs));
            }

            if (ordered[index] is not null)
            {
                throw new ArgumentException($"Input '{name}' is given twice.", nameof(inputs));
            }

            ArgumentNullException.ThrowIfNull(tensor);
            var info = Inputs[index];
            if (tensor.ElementType != info.ElementType)
            {
                throw new ArgumentException($"Input '{name}' of model '{ModelName}' takes {info.ElementType} elements, not {tensor.ElementType}.", nameof(inputs));
            }

            var shape = tensor.Shape;
            if (info.Shape.Count != 0 && shape.Length != info.Shape.Count)
            {
                throw new ArgumentException($"Input '{name}' of model '{ModelName}' has rank {info.Shape.Count} [{string.Join(",", info.Shape)}]; the tensor has shape [{string.Join(",", shape.ToArray())}].", nameof(inputs));
            }

            for (var d = 0; d < info.Shape.Count; d++)
            {
                if (info.Shape[d] >= 0 && info.Shape[d] != shape[d])
                {
                    throw new ArgumentException($"Input '{name}' of model '{ModelName}' needs dimension {d} = {info.Shape[d]} [{string.Join(",", info.Shape)}]; the tensor has shape [{string.Join(",", shape.ToArray())}].", nameof(inputs));
                }
            }

            ordered[index] = tensor;
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i] is null)
            {
                throw new ArgumentException($"Input '{Inputs[i].Name}' of model '{ModelName}' is missing.", nameof(inputs));
            }
        }

        return ordered;
    }

    private Tensor WrapOutput(OrtValueHandle output, string name)
    {
        var api = _runtime.Api;
        var value = output.DangerousGetHandle();
        IntPtr info;
        _runtime.Check(api.GetTensorTypeAndShape(value, &info), $"reading the shape of output '{name}'");
        using var infoHandle = new OrtTensorTypeAndShapeInfoHandle(_runtime, info);
        int elementType;
        _runtime.Check(api.GetTensorElementType(info, &elementType), $"reading the element type of output '{name}'");
        nuint rank;
        _runtime.Check(api.GetDimensionsCount(info, &rank), $"reading the rank of output '{name}'");
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            _runtime.Check(api.GetDimensions(info, dims, rank), $"reading the dimensions of output '{name}'");
        }

        void* data;
        _runtime.Check(api.GetTensorMutableData(value, &data), $"reading output '{name}'");
        var type = FromOrt(elementType);
        return type switch
        {
            TensorElementType.Float32 => Wrap<float>(output, data, shape),
            TensorElementType.Int64 => Wrap<long>(output, data, shape),
            TensorElementType.Int32 => Wrap<int>(output, data, shape),
            TensorElementType.UInt8 => Wrap<byte>(output, data, shape),
            TensorElementType.Int8 => Wrap<sbyte>(output, data, shape),
            _ => throw new OnnxRuntimeException(OrtErrorCode.NotImplemented, $"Output '{name}' of model '{ModelName}' has ONNX element type {elementType}, which PaddleInferenceSharp does not exchange."),
        };
    }

    private static Tensor Wrap<T>(OrtValueHandle output, void* data, long[] shape) where T : unmanaged
    {
        long length = 1;
        foreach (var d in shape)
        {
            length *= d;
        }

        if (length > Array.MaxLength)
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail, $"An output of shape [{string.Join(",", shape)}] has more elements than .NET spans can address.");
        }

        return Tensor.FromMemory(new OrtOutputMemory<T>(output, data, (int)length), shape);
    }

    private IReadOnlyList<TensorInfo> ReadInfos(bool input)
    {
        var api = _runtime.Api;
        var session = _handle.DangerousGetHandle();
        nuint count;
        _runtime.Check(input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count), "counting model inputs/outputs");
        IntPtr allocator;
        _runtime.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        var infos = new List<TensorInfo>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            IntPtr namePointer;
            _runtime.Check(input ? api.SessionGetInputName(session, i, allocator, &namePointer) : api.SessionGetOutputName(session, i, allocator, &namePointer), $"reading the name of {(input ? "input" : "output")} {i}");
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8(namePointer) ?? string.Empty;
            }
            finally
            {
                _runtime.Check(api.AllocatorFree(allocator, namePointer), "freeing a name");
            }

            IntPtr typeInfo;
            _runtime.Check(input ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo), $"reading the type of '{name}'");
            using var typeHandle = new OrtTypeInfoHandle(_runtime, typeInfo);
            int onnxType;
            _runtime.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), $"reading the ONNX type of '{name}'");
            if (onnxType != OrtEnums.OnnxTypeTensor)
            {
                infos.Add(new TensorInfo(name, TensorElementType.Unknown, []));
                continue;
            }

            IntPtr tensorInfo; // owned by typeInfo
            _runtime.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading the tensor type of '{name}'");
            int elementType;
            _runtime.Check(api.GetTensorElementType(tensorInfo, &elementType), $"reading the element type of '{name}'");
            nuint rank;
            _runtime.Check(api.GetDimensionsCount(tensorInfo, &rank), $"reading the rank of '{name}'");
            var dims = new long[(int)rank];
            fixed (long* d = dims)
            {
                _runtime.Check(api.GetDimensions(tensorInfo, d, rank), $"reading the dimensions of '{name}'");
            }

            infos.Add(new TensorInfo(name, FromOrt(elementType), dims));
        }

        return infos;
    }

    private static void CheckLoad(OrtRuntime runtime, IntPtr status, string model)
    {
        try
        {
            runtime.Check(status, $"loading model '{model}'");
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(ex.Message, model, ex);
        }
    }

    private static IntPtr CreateSessionUtf8(OrtApi api, IntPtr env, string path, IntPtr options, IntPtr* session)
    {
        fixed (byte* p = Utf8Z(path))
        {
            return api.CreateSession(env, p, options, session);
        }
    }

    private static IntPtr CreateSessionWide(OrtApi api, IntPtr env, string path, IntPtr options, IntPtr* session)
    {
        fixed (char* p = path)
        {
            return api.CreateSession(env, p, options, session);
        }
    }

    private static void AddConfig(OrtRuntime runtime, IntPtr options, string key, string value)
    {
        fixed (byte* k = Utf8Z(key))
        fixed (byte* v = Utf8Z(value))
        {
            runtime.Check(runtime.Api.AddSessionConfigEntry(options, k, v), $"setting session option {key}={value}");
        }
    }

    private static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    private static int ToOrt(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => OrtEnums.ElementFloat,
        TensorElementType.UInt8 => OrtEnums.ElementUInt8,
        TensorElementType.Int8 => OrtEnums.ElementInt8,
        TensorElementType.Int32 => OrtEnums.ElementInt32,
        TensorElementType.Int64 => OrtEnums.ElementInt64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an exchangeable element type."),
    };

    private static TensorElementType FromOrt(int type) => type switch
    {
        OrtEnums.ElementFloat => TensorElementType.Float32,
        OrtEnums.ElementUInt8 => TensorElementType.UInt8,
        OrtEnums.ElementInt8 => TensorElementType.Int8,
        OrtEnums.ElementInt32 => TensorElementType.Int32,
        OrtEnums.ElementInt64 => TensorElementType.Int64,
        _ => TensorElementType.Unknown,
    };
}

using System.Buffers;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>One run: checking and binding the inputs, the run options (cancellation, arena shrinkage) and the call itself.</summary>
internal sealed unsafe partial class OrtSession
{
    public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
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
            BindInputs(ordered, pins, values, inputNames);
            for (var i = 0; i < outputCount; i++)
            {
                outputNames[i] = GCHandle.Alloc(_outputNamesUtf8[i], GCHandleType.Pinned);
            }

            var shrink = ShouldShrinkArena(ordered);
            if (cancellationToken.CanBeCanceled || shrink)
            {
                // Assigned before the options are filled in, so that the cleanup below releases them whatever fails.
                runOptions = CreateRunOptions();
            }

            if (shrink)
            {
                AskForArenaShrinkage(runOptions);
            }

            if (cancellationToken.CanBeCanceled)
            {
                var options = runOptions;
                registration = cancellationToken.Register(() => _runtime.Api.RunOptionsSetTerminate(options));
            }

            Invoke(runOptions, values, inputNames, outputs, outputNames, cancellationToken);
            return TakeOutputs(outputs);
        }
        finally
        {
            registration.Dispose();
            if (runOptions != IntPtr.Zero)
            {
                _runtime.Api.ReleaseRunOptions(runOptions);
            }

            ReleaseBindings(values, pins, inputNames);
            ReleaseBindings(outputs, null, outputNames);
        }
    }

    /// <summary>Pins each input and wraps it as an <c>OrtValue</c> over its memory; pins its name for the call.</summary>
    private void BindInputs(Tensor[] ordered, MemoryHandle[] pins, IntPtr[] values, GCHandle[] inputNames)
    {
        var api = _runtime.Api;
        for (var i = 0; i < ordered.Length; i++)
        {
            var tensor = ordered[i];
            pins[i] = tensor.Pin();
            var shape = tensor.Shape;
            fixed (long* dims = shape)
            {
                IntPtr value;
                _runtime.Check(
                    api.CreateTensorWithDataAsOrtValue(_runtime.CpuMemoryInfo, pins[i].Pointer, (nuint)tensor.ByteLength, dims, (nuint)shape.Length, OrtElementTypes.ToOrt(tensor.ElementType), &value),
                    $"creating input tensor '{Inputs[i].Name}' {tensor}");
                values[i] = value;
            }

            inputNames[i] = GCHandle.Alloc(_inputNamesUtf8[i], GCHandleType.Pinned);
        }
    }

    /// <summary>Whether this run is one after which the CPU arena is shrunk: every so many runs, or after large inputs.</summary>
    private bool ShouldShrinkArena(Tensor[] ordered) =>
        (_shrinkEvery > 0 && Interlocked.Increment(ref _runs) % _shrinkEvery == 0) ||
        (_shrinkAbove > 0 && ordered.Sum(t => (long)t.Length) > _shrinkAbove);

    private IntPtr CreateRunOptions()
    {
        IntPtr runOptions;
        _runtime.Check(_runtime.Api.CreateRunOptions(&runOptions), "creating run options");
        return runOptions;
    }

    private void AskForArenaShrinkage(IntPtr runOptions)
    {
        fixed (byte* key = "memory.enable_memory_arena_shrinkage\0"u8)
        fixed (byte* value = "cpu:0\0"u8)
        {
            _runtime.Check(_runtime.Api.AddRunConfigEntry(runOptions, key, value), "asking for arena shrinkage after the run");
        }
    }

    /// <summary>Calls <c>Run</c>, holding the session handle for the duration; a failure after cancellation is reported as cancellation.</summary>
    private void Invoke(IntPtr runOptions, IntPtr[] values, GCHandle[] inputNames, IntPtr[] outputs, GCHandle[] outputNames, CancellationToken cancellationToken)
    {
        var api = _runtime.Api;
        var inputCount = values.Length;
        var outputCount = outputs.Length;
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
    }

    /// <summary>Releases the values still owned by the run (those no tensor took over), the input pins and the pinned names.</summary>
    private void ReleaseBindings(IntPtr[] values, MemoryHandle[]? pins, GCHandle[] names)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != IntPtr.Zero)
            {
                _runtime.Api.ReleaseValue(values[i]);
            }

            if (pins is not null)
            {
                pins[i].Dispose();
            }

            if (names[i].IsAllocated)
            {
                names[i].Free();
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
}

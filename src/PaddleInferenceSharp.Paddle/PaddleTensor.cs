using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// A handle on one input or output tensor of a <see cref="PaddlePredictor"/> (<c>PD_Tensor</c>): shape, data type,
/// LoD, and copies from and to <see cref="Span{T}"/> of <c>float</c>, <c>int</c>, <c>long</c>, <c>byte</c>, <c>sbyte</c>.
/// </summary>
/// <remarks>
/// Not thread-safe; use it on the thread that runs its predictor. The predictor's native object stays alive until the
/// last of its tensor handles is disposed.
/// </remarks>
public sealed unsafe class PaddleTensor : IDisposable
{
    private readonly PaddleTensorHandle _handle;

    internal PaddleTensor(PaddleTensorHandle handle, string name)
    {
        _handle = handle;
        Name = name;
    }

    /// <summary>The tensor's name in the model.</summary>
    public string Name { get; }

    /// <summary>The name as the library reports it (<c>PD_TensorGetName</c>).</summary>
    public string NativeName
    {
        get
        {
            using var t = _handle.Lease();
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)PaddleNative.PD_TensorGetName(t.Pointer)) ?? string.Empty;
        }
    }

    /// <summary>The element type; <see cref="PaddleDataType.Unknown"/> for float16, bool and other types the C API does not name.</summary>
    public PaddleDataType DataType
    {
        get
        {
            using var t = _handle.Lease();
            return (PaddleDataType)PaddleNative.PD_TensorGetDataType(t.Pointer);
        }
    }

    /// <summary>The current shape.</summary>
    public int[] Shape
    {
        get
        {
            using var t = _handle.Lease();
            var shape = PaddleNative.PD_TensorGetShape(t.Pointer);
            return shape is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_TensorGetShape), $"PD_TensorGetShape returned NULL for tensor '{Name}'.")
                : PaddleReturnedArrays.TakeInt32(shape);
        }
    }

    /// <summary>The number of elements of the current shape.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Shape)
            {
                count *= d;
            }

            return count;
        }
    }

    /// <summary>Sets the shape of an input before copying data into it.</summary>
    /// <exception cref="ArgumentException">The shape is empty or has a negative dimension.</exception>
    public void Reshape(ReadOnlySpan<int> shape)
    {
        if (shape.IsEmpty)
        {
            throw new ArgumentException($"The shape of tensor '{Name}' must have at least one dimension.", nameof(shape));
        }

        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"The shape [{string.Join(",", shape.ToArray())}] of tensor '{Name}' has a negative dimension; give concrete sizes.", nameof(shape));
            }
        }

        using var t = _handle.Lease();
        fixed (int* p = shape)
        {
            PaddleNative.PD_TensorReshape(t.Pointer, (nuint)shape.Length, p);
        }
    }

    /// <summary>Copies <paramref name="source"/> into the tensor; its length must equal the element count of the shape set with <see cref="Reshape"/>.</summary>
    /// <exception cref="ArgumentException">The length does not match the shape.</exception>
    public void CopyFromCpu<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        var type = PaddleTypes.Of<T>();
        var count = ElementCount;
        if (source.Length != count)
        {
            throw new ArgumentException($"Tensor '{Name}' has shape [{string.Join(",", Shape)}] ({count} elements) but {source.Length} were given.", nameof(source));
        }

        using var t = _handle.Lease();
        fixed (T* p = source)
        {
            switch (type)
            {
                case PaddleDataType.Float32: PaddleNative.PD_TensorCopyFromCpuFloat(t.Pointer, (float*)p); break;
                case PaddleDataType.Int32: PaddleNative.PD_TensorCopyFromCpuInt32(t.Pointer, (int*)p); break;
                case PaddleDataType.Int64: PaddleNative.PD_TensorCopyFromCpuInt64(t.Pointer, (long*)p); break;
                case PaddleDataType.UInt8: PaddleNative.PD_TensorCopyFromCpuUint8(t.Pointer, (byte*)p); break;
                default: PaddleNative.PD_TensorCopyFromCpuInt8(t.Pointer, (sbyte*)p); break;
            }
        }
    }

    /// <summary>Copies the tensor into <paramref name="destination"/>, which must hold exactly its element count.</summary>
    /// <exception cref="ArgumentException">The length differs from the element count, or <typeparamref name="T"/> is not the tensor's type.</exception>
    public void CopyToCpu<T>(Span<T> destination) where T : unmanaged
    {
        var type = PaddleTypes.Of<T>();
        var actual = DataType;
        if (actual != type)
        {
            throw new ArgumentException($"Tensor '{Name}' holds {actual} elements, not {type}.", nameof(destination));
        }

        var count = ElementCount;
        if (destination.Length != count)
        {
            throw new ArgumentException($"Tensor '{Name}' has {count} elements but the destination holds {destination.Length}.", nameof(destination));
        }

        using var t = _handle.Lease();
        fixed (T* p = destination)
        {
            switch (type)
            {
                case PaddleDataType.Float32: PaddleNative.PD_TensorCopyToCpuFloat(t.Pointer, (float*)p); break;
                case PaddleDataType.Int32: PaddleNative.PD_TensorCopyToCpuInt32(t.Pointer, (int*)p); break;
                case PaddleDataType.Int64: PaddleNative.PD_TensorCopyToCpuInt64(t.Pointer, (long*)p); break;
                case PaddleDataType.UInt8: PaddleNative.PD_TensorCopyToCpuUint8(t.Pointer, (byte*)p); break;
                default: PaddleNative.PD_TensorCopyToCpuInt8(t.Pointer, (sbyte*)p); break;
            }
        }
    }

    /// <summary>The tensor's level-of-detail offsets (sequence boundaries), one array per level.</summary>
    public ulong[][] Lod
    {
        get
        {
            using var t = _handle.Lease();
            var lod = PaddleNative.PD_TensorGetLod(t.Pointer);
            return lod is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_TensorGetLod), $"PD_TensorGetLod returned NULL for tensor '{Name}'.")
                : PaddleReturnedArrays.TakeLod(lod);
        }
    }

    /// <summary>Sets the LoD; the library copies it.</summary>
    public void SetLod(IReadOnlyList<ulong[]> lod)
    {
        ArgumentNullException.ThrowIfNull(lod);
        var levels = new PD_OneDimArraySize[lod.Count];
        var pointers = new PD_OneDimArraySize*[lod.Count];
        var pins = new System.Runtime.InteropServices.GCHandle[lod.Count];
        try
        {
            for (var i = 0; i < lod.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(lod[i]);
                pins[i] = System.Runtime.InteropServices.GCHandle.Alloc(lod[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                levels[i].size = (nuint)lod[i].Length;
                levels[i].data = (nuint*)pins[i].AddrOfPinnedObject();
            }

            using var t = _handle.Lease();
            fixed (PD_OneDimArraySize* level = levels)
            fixed (PD_OneDimArraySize** list = pointers)
            {
                for (var i = 0; i < lod.Count; i++)
                {
                    list[i] = level + i;
                }

                var array = new PD_TwoDimArraySize { size = (nuint)lod.Count, data = list };
                PaddleNative.PD_TensorSetLod(t.Pointer, &array);
            }
        }
        finally
        {
            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }

    /// <summary>Destroys the handle (not the predictor's tensor); idempotent.</summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"PaddleTensor({Name})";
}

using System.Buffers;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Engine;

/// <summary>
/// A dense, row-major tensor whose elements live in a pooled array returned on <see cref="Dispose"/>
/// (<see cref="ArrayPool{T}.Shared"/> up to 16 MiB; a larger one is allocated for the tensor and left to the garbage
/// collector), a caller's array, or memory an engine owns (an output left where the engine wrote it, released on
/// <see cref="Dispose"/>): the engines' input and output type. It is not related to <c>System.Numerics.Tensors</c>, whose
/// <c>TensorPrimitives</c> the pre- and post-processing use for arithmetic on spans.
/// </summary>
/// <remarks>
/// Engines pin the array for the duration of a run, so inputs are handed to native code without copies.
/// A tensor is not thread-safe; it may be read concurrently only while nobody writes to it.
/// </remarks>
public sealed class Tensor : IDisposable
{
    private Array? _array;
    private readonly bool _pooled;
    private IDisposable? _memory;
    private readonly int _capacity;
    private long[] _shape;
    private int _length;

    private Tensor(Array array, bool pooled, TensorElementType elementType, long[] shape, int length)
    {
        _array = array;
        _pooled = pooled;
        ElementType = elementType;
        _shape = shape;
        _length = length;
        _capacity = array.Length;
    }

    private Tensor(IDisposable memory, int capacity, TensorElementType elementType, long[] shape, int length)
    {
        _memory = memory;
        _capacity = capacity;
        ElementType = elementType;
        _shape = shape;
        _length = length;
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The dimensions (all non-negative).</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>Number of elements (the product of <see cref="Shape"/>).</summary>
    public int Length => _length;

    /// <summary>Number of elements the underlying array can hold; <see cref="Reshape"/> may grow up to it.</summary>
    public int Capacity => _capacity;

    private Array Array => _array ?? throw new ObjectDisposedException(nameof(Tensor));

    /// <summary>Creates a tensor over a pooled array (see the type's remarks). Contents are not cleared.</summary>
    /// <typeparam name="T">Element type: float, byte, sbyte, int or long.</typeparam>
    /// <param name="shape">Non-negative dimensions.</param>
    public static Tensor Rent<T>(ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = CheckType<T>();
        var length = CheckedLength(shape);
        var array = PooledArrays.Rent<T>(Math.Max(length, 1));
        return new Tensor(array, pooled: true, type, shape.ToArray(), length);
    }

    /// <summary>Creates a tensor that borrows <paramref name="data"/>; the caller keeps ownership of the array.</summary>
    /// <param name="data">At least as many elements as <paramref name="shape"/> describes.</param>
    /// <param name="shape">Non-negative dimensions.</param>
    public static Tensor Wrap<T>(T[] data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = CheckType<T>();
        var length = CheckedLength(shape);
        if (data.Length < length)
        {
            throw new ArgumentException($"The array holds {data.Length} elements but the shape [{string.Join(",", shape.ToArray())}] needs {length}.", nameof(data));
        }

        return new Tensor(data, pooled: false, type, shape.ToArray(), length);
    }

    /// <summary>
    /// Creates a tensor over memory that an engine owns, such as an output the engine allocated: no copy is made,
    /// and disposing the tensor disposes <paramref name="memory"/>.
    /// </summary>
    /// <param name="memory">The elements; the tensor takes ownership.</param>
    /// <param name="shape">Non-negative dimensions whose element count fits <paramref name="memory"/>.</param>
    public static Tensor FromMemory<T>(MemoryManager<T> memory, ReadOnlySpan<long> shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(memory);
        var type = CheckType<T>();
        var length = CheckedLength(shape);
        var capacity = memory.Memory.Length;
        if (capacity < length)
        {
            throw new ArgumentException($"The memory holds {capacity} elements but the shape [{string.Join(",", shape.ToArray())}] needs {length}.", nameof(memory));
        }

        return new Tensor(memory, capacity, type, shape.ToArray(), length);
    }

    /// <summary>The elements as a span of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (TensorElementTypes.Of<T>() != ElementType)
        {
            throw new InvalidOperationException($"The tensor holds {ElementType} elements, not {typeof(T).Name}.");
        }

        if (_array is T[] array)
        {
            return new Span<T>(array, 0, _length);
        }

        return _memory is MemoryManager<T> memory ? memory.GetSpan()[.._length] : throw new ObjectDisposedException(nameof(Tensor));
    }

    /// <summary>Changes the shape without moving data; the new element count must fit <see cref="Capacity"/>.</summary>
    public void Reshape(ReadOnlySpan<long> shape)
    {
        var length = CheckedLength(shape);
        if (length > Capacity)
        {
            throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] needs {length} elements; the tensor can hold {Capacity}.", nameof(shape));
        }

        if (shape.Length == _shape.Length)
        {
            shape.CopyTo(_shape);
        }
        else
        {
            _shape = shape.ToArray();
        }

        _length = length;
    }

    /// <summary>Pins the elements; dispose the handle after the native call.</summary>
    public unsafe MemoryHandle Pin()
    {
        if (_memory is IPinnable pinnable)
        {
            return pinnable.Pin(0);
        }

        var handle = GCHandle.Alloc(Array, GCHandleType.Pinned);
        return new MemoryHandle((void*)handle.AddrOfPinnedObject(), handle);
    }

    /// <summary>Size of the elements in bytes.</summary>
    public long ByteLength => (long)_length * TensorElementTypes.SizeOf(ElementType);

    /// <summary>Returns a rented array to the pool or releases engine-owned memory. Idempotent.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _memory, null)?.Dispose();
        var array = Interlocked.Exchange(ref _array, null);
        if (array is null || !_pooled)
        {
            return;
        }

        switch (array)
        {
            case float[] f: PooledArrays.Return(f); break;
            case byte[] b: PooledArrays.Return(b); break;
            case sbyte[] s: PooledArrays.Return(s); break;
            case int[] i: PooledArrays.Return(i); break;
            case long[] l: PooledArrays.Return(l); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor<{ElementType}>[{string.Join(",", _shape)}]";

    private static TensorElementType CheckType<T>() where T : unmanaged
    {
        var type = TensorElementTypes.Of<T>();
        if (type == TensorElementType.Unknown)
        {
            throw new NotSupportedException($"{typeof(T).Name} is not a supported tensor element type (float, byte, sbyte, int, long).");
        }

        return type;
    }

    private static int CheckedLength(ReadOnlySpan<long> shape)
    {
        long length = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] has a negative dimension.", nameof(shape));
            }

            if (d != 0 && length > Array.MaxLength / d)
            {
                throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] has more elements than one managed array can hold.", nameof(shape));
            }

            length *= d;
        }

        return (int)length;
    }
}

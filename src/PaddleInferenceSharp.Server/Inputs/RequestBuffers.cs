using System.Buffers;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>
/// The pool that request bodies and decoded files are read into. Images sent as Base64 are mostly over the 85 KB at
/// which .NET puts arrays on the large-object heap, which only full collections clean; pooling them keeps a busy
/// server from building that heap up between collections.
/// </summary>
internal static class RequestBuffers
{
    /// <summary>Arrays larger than this are allocated and dropped rather than pooled (a rare, very large request is not kept).</summary>
    public const int MaxPooledLength = 16 * 1024 * 1024;

    /// <summary>The shared pool: up to 16 arrays of each power-of-two size up to <see cref="MaxPooledLength"/>.</summary>
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(MaxPooledLength, 16);
}

/// <summary>A rented array and how much of it holds data; <see cref="Dispose"/> gives the array back once.</summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _array;

    /// <summary>Takes ownership of <paramref name="array"/>, rented from <see cref="RequestBuffers.Pool"/>.</summary>
    public PooledBytes(byte[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _array = array;
        Length = length;
    }

    /// <summary>Bytes of data at the start of the array.</summary>
    public int Length { get; }

    /// <summary>The data.</summary>
    /// <exception cref="ObjectDisposedException">The array was given back.</exception>
    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, Length);

    /// <summary>Gives the array back to the pool (only the first call does).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            RequestBuffers.Pool.Return(array);
        }
    }
}

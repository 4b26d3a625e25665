using System.Buffers;
using System.Runtime.CompilerServices;

namespace PaddleInferenceSharp.Native;

/// <summary>
/// Where the library's working buffers come from (pages, tensors, masks, result images, file reads): arrays of up to
/// <see cref="MaxPooledBytes"/> are rented from <see cref="ArrayPool{T}.Shared"/>; larger ones are allocated for the
/// call and dropped when given back.
/// </summary>
/// <remarks>
/// <see cref="ArrayPool{T}.Shared"/> keeps arrays of up to 1 GiB, one per size in every thread that returned one and
/// more per core, and trims them only during full collections: one 7,000 x 7,000 page left a server holding its
/// 256 MiB pixel buffer and 512 MiB result image for good, while nothing ran to collect them. Ordinary pages (up to
/// ~5 megapixels, detector inputs at the default 960-pixel limit) stay within the pooled sizes, so their buffers
/// are still reused from call to call. Hosts read <see cref="UnpooledBytes"/> to tell when work allocated oversize
/// buffers and a collection would give the memory back. Thread-safe.
/// </remarks>
internal static class PooledArrays
{
    /// <summary>Arrays up to this many bytes are pooled (a power of two, so every pooled size is one of the pool's).</summary>
    public const int MaxPooledBytes = 16 * 1024 * 1024;

    private static long s_unpooledBytes;

    /// <summary>Bytes allocated outside the pool so far (by <see cref="Rent{T}"/> for arrays over <see cref="MaxPooledBytes"/>).</summary>
    public static long UnpooledBytes => Interlocked.Read(ref s_unpooledBytes);

    /// <summary>An array of at least <paramref name="minimumLength"/> elements, contents undefined; give it back with <see cref="Return{T}"/>.</summary>
    public static T[] Rent<T>(int minimumLength) where T : unmanaged
    {
        if ((long)minimumLength * Unsafe.SizeOf<T>() <= MaxPooledBytes)
        {
            return ArrayPool<T>.Shared.Rent(minimumLength);
        }

        Interlocked.Add(ref s_unpooledBytes, (long)minimumLength * Unsafe.SizeOf<T>());
        return GC.AllocateUninitializedArray<T>(minimumLength);
    }

    /// <summary>Gives back an array from <see cref="Rent{T}"/>: pooled sizes go back to the pool, larger arrays to the garbage collector.</summary>
    public static void Return<T>(T[] array) where T : unmanaged
    {
        if ((long)array.Length * Unsafe.SizeOf<T>() <= MaxPooledBytes)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}

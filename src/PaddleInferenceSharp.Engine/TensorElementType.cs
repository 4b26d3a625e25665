namespace PaddleInferenceSharp.Engine;

/// <summary>Element types that cross the engine abstraction.</summary>
public enum TensorElementType
{
    /// <summary>An element type that the engine reports but this library cannot exchange.</summary>
    Unknown = 0,
    /// <summary>32-bit IEEE float.</summary>
    Float32,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>Signed 64-bit integer.</summary>
    Int64,
}

/// <summary>Maps CLR element types to <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    /// <summary>The <see cref="TensorElementType"/> of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no tensor element type.</exception>
    public static TensorElementType Of<T>() where T : unmanaged => Cache<T>.Value;

    /// <summary>Size in bytes of one element of <paramref name="type"/>.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => 4,
        TensorElementType.UInt8 => 1,
        TensorElementType.Int8 => 1,
        TensorElementType.Int32 => 4,
        TensorElementType.Int64 => 8,
        _ => throw new NotSupportedException($"Tensor element type {type} has no size."),
    };

    private static class Cache<T> where T : unmanaged
    {
        public static readonly TensorElementType Value =
            typeof(T) == typeof(float) ? TensorElementType.Float32 :
            typeof(T) == typeof(byte) ? TensorElementType.UInt8 :
            typeof(T) == typeof(sbyte) ? TensorElementType.Int8 :
            typeof(T) == typeof(int) ? TensorElementType.Int32 :
            typeof(T) == typeof(long) ? TensorElementType.Int64 :
            TensorElementType.Unknown;
    }
}

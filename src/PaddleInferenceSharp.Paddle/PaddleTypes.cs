using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

/// <summary>Maps between Paddle's data types, the engine's element types and CLR types.</summary>
internal static class PaddleTypes
{
    public static TensorElementType ToElementType(PaddleDataType type) => type switch
    {
        PaddleDataType.Float32 => TensorElementType.Float32,
        PaddleDataType.Int32 => TensorElementType.Int32,
        PaddleDataType.Int64 => TensorElementType.Int64,
        PaddleDataType.UInt8 => TensorElementType.UInt8,
        PaddleDataType.Int8 => TensorElementType.Int8,
        _ => TensorElementType.Unknown,
    };

    /// <summary>The Paddle data type of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">The C API has no copy functions for <typeparamref name="T"/>.</exception>
    public static PaddleDataType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? PaddleDataType.Float32 :
        typeof(T) == typeof(int) ? PaddleDataType.Int32 :
        typeof(T) == typeof(long) ? PaddleDataType.Int64 :
        typeof(T) == typeof(byte) ? PaddleDataType.UInt8 :
        typeof(T) == typeof(sbyte) ? PaddleDataType.Int8 :
        throw new NotSupportedException($"The Paddle C API exchanges float, int, long, byte and sbyte elements only, not {typeof(T).Name}.");
}

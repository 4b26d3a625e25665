namespace PaddleInferenceSharp.Paddle;

/// <summary>Tensor element types as the C API reports them (<c>PD_DataType</c>).</summary>
/// <remarks>
/// The C API maps only float32, int64, int32 and uint8 back from the engine; int8, float16, bfloat16, bool and
/// float64 tensors come back as <see cref="Unknown"/> (<c>pd_tensor.h</c>'s <c>PD_TensorGetDataType</c> over <c>pd_common.h</c>'s <c>PD_DataType</c>).
/// </remarks>
public enum PaddleDataType
{
    /// <summary>A type the C API does not name.</summary>
    Unknown = -1,
    /// <summary>32-bit float.</summary>
    Float32 = 0,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 1,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 2,
    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 3,
    /// <summary>8-bit signed integer.</summary>
    Int8 = 4,
}

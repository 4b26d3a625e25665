using PaddleInferenceSharp.Bindings.OnnxRuntime;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>Maps <see cref="TensorElementType"/> to and from ONNX element type numbers.</summary>
internal static class OrtElementTypes
{
    public static int ToOrt(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => OrtEnums.ElementFloat,
        TensorElementType.UInt8 => OrtEnums.ElementUInt8,
        TensorElementType.Int8 => OrtEnums.ElementInt8,
        TensorElementType.Int32 => OrtEnums.ElementInt32,
        TensorElementType.Int64 => OrtEnums.ElementInt64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an exchangeable element type."),
    };

    public static TensorElementType FromOrt(int type) => type switch
    {
        OrtEnums.ElementFloat => TensorElementType.Float32,
        OrtEnums.ElementUInt8 => TensorElementType.UInt8,
        OrtEnums.ElementInt8 => TensorElementType.Int8,
        OrtEnums.ElementInt32 => TensorElementType.Int32,
        OrtEnums.ElementInt64 => TensorElementType.Int64,
        _ => TensorElementType.Unknown,
    };
}

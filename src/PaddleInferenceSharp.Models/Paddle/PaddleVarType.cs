namespace PaddleInferenceSharp.Models;

/// <summary>
/// Paddle's <c>VarType.Type</c> values for tensor elements, the numbers stored in program and parameter files (the C
/// API's <c>PD_DataType</c>, numbered differently, is <c>PaddleInferenceSharp.Paddle.PaddleDataType</c>).
/// </summary>
public enum PaddleVarType
{
    /// <summary>bool, 1 byte.</summary>
    Bool = 0,
    /// <summary>int16.</summary>
    Int16 = 1,
    /// <summary>int32.</summary>
    Int32 = 2,
    /// <summary>int64.</summary>
    Int64 = 3,
    /// <summary>IEEE half.</summary>
    Float16 = 4,
    /// <summary>IEEE single.</summary>
    Float32 = 5,
    /// <summary>IEEE double.</summary>
    Float64 = 6,
    /// <summary>size_t (8 bytes).</summary>
    SizeT = 19,
    /// <summary>uint8.</summary>
    UInt8 = 20,
    /// <summary>int8.</summary>
    Int8 = 21,
    /// <summary>bfloat16.</summary>
    BFloat16 = 22,
    /// <summary>complex64.</summary>
    Complex64 = 23,
    /// <summary>complex128.</summary>
    Complex128 = 24,
    /// <summary>float8 e4m3fn.</summary>
    Float8E4M3FN = 32,
    /// <summary>float8 e5m2.</summary>
    Float8E5M2 = 33,
    /// <summary>uint32.</summary>
    UInt32 = 37,
    /// <summary>uint64.</summary>
    UInt64 = 38,
}

/// <summary>Sizes and names of <see cref="PaddleVarType"/> values.</summary>
public static class PaddleVarTypes
{
    /// <summary>The element size in bytes, or 0 for a value that is not a tensor element type.</summary>
    public static int SizeOf(PaddleVarType type) => type switch
    {
        PaddleVarType.Bool or PaddleVarType.UInt8 or PaddleVarType.Int8 or PaddleVarType.Float8E4M3FN or PaddleVarType.Float8E5M2 => 1,
        PaddleVarType.Int16 or PaddleVarType.Float16 or PaddleVarType.BFloat16 => 2,
        PaddleVarType.Int32 or PaddleVarType.Float32 or PaddleVarType.UInt32 => 4,
        PaddleVarType.Int64 or PaddleVarType.Float64 or PaddleVarType.SizeT or PaddleVarType.Complex64 or PaddleVarType.UInt64 => 8,
        PaddleVarType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>The PIR short type id (<c>0.t_f32</c> without the prefix) or dtype string (<c>float32</c>) for a type, as PIR writes it.</summary>
    public static PaddleVarType? FromPirName(string name) => name switch
    {
        "t_bool" or "bool" => PaddleVarType.Bool,
        "t_i16" or "int16" => PaddleVarType.Int16,
        "t_i32" or "int32" => PaddleVarType.Int32,
        "t_i64" or "int64" or "t_index" => PaddleVarType.Int64,
        "t_f16" or "float16" => PaddleVarType.Float16,
        "t_f32" or "float32" => PaddleVarType.Float32,
        "t_f64" or "float64" => PaddleVarType.Float64,
        "t_ui8" or "uint8" => PaddleVarType.UInt8,
        "t_i8" or "int8" => PaddleVarType.Int8,
        "t_bf16" or "bfloat16" => PaddleVarType.BFloat16,
        "t_c64" or "complex64" => PaddleVarType.Complex64,
        "t_c128" or "complex128" => PaddleVarType.Complex128,
        "t_f8e4m3fn" => PaddleVarType.Float8E4M3FN,
        "t_f8e5m2" => PaddleVarType.Float8E5M2,
        _ => null,
    };
}

namespace PaddleInferenceSharp.Paddle;

/// <summary>Inference precision (the C API's <c>PD_PrecisionType</c>).</summary>
public enum PaddlePrecision
{
    /// <summary>32-bit float.</summary>
    Float32 = 0,
    /// <summary>8-bit integer (quantized).</summary>
    Int8 = 1,
    /// <summary>16-bit float.</summary>
    Half = 2,
}

namespace PaddleInferenceSharp.Engine;

/// <summary>The arithmetic precision a predictor runs at (PaddleX's <c>precision</c>).</summary>
public enum InferencePrecision
{
    /// <summary><c>fp32</c>, PaddleX's default.</summary>
    Fp32,
    /// <summary><c>fp16</c>: half precision, on GPUs (Paddle Inference with CUDA or TensorRT).</summary>
    Fp16,
    /// <summary>
    /// <c>int8</c>: 8-bit integer convolutions and matrix products for text detection and recognition on ONNX Runtime,
    /// from a model quantized in process with activation ranges calibrated on sample images (<c>paddlex-sharp calibrate</c>).
    /// An extension of PaddleX's values.
    /// </summary>
    Int8,
}

/// <summary>PaddleX's spellings of <see cref="InferencePrecision"/>.</summary>
public static class InferencePrecisions
{
    /// <summary>Parses <c>fp32</c>, <c>fp16</c> or <c>int8</c>.</summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static InferencePrecision Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "fp32" => InferencePrecision.Fp32,
        "fp16" => InferencePrecision.Fp16,
        "int8" => InferencePrecision.Int8,
        _ => throw new ArgumentException($"Unknown precision '{value}'; expected fp32, fp16 or int8.", nameof(value)),
    };

    /// <summary>PaddleX's spelling of <paramref name="precision"/>.</summary>
    public static string Format(InferencePrecision precision) => precision switch
    {
        InferencePrecision.Fp16 => "fp16",
        InferencePrecision.Int8 => "int8",
        _ => "fp32",
    };
}

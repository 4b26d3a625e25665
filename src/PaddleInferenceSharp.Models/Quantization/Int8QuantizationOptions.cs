namespace PaddleInferenceSharp.Models;

/// <summary>How <see cref="OnnxInt8Quantizer"/> quantizes a model.</summary>
public sealed record Int8QuantizationOptions
{
    /// <summary>
    /// Weights in 7 bits (int8 in [-64, 64]), ONNX Runtime's <c>reduce_range</c>: the u8s8 kernels of CPUs without
    /// VNNI (AVX2, AVX-512F) add pairs of u8×s8 products in 16 bits, which full-range weights can saturate. Default true.
    /// </summary>
    public bool ReduceRange { get; init; } = true;

    /// <summary>Keep the first convolution (the one reading a graph input) in float. Default false.</summary>
    public bool KeepFirstLayerFloat { get; init; }

    /// <summary>Keep the last quantizable node (the convolution or matrix product nearest the outputs) in float. Default false.</summary>
    public bool KeepLastLayerFloat { get; init; }

    /// <summary>Quantize MatMul nodes whose right operand is a constant weight matrix (per tensor). Default true.</summary>
    public bool QuantizeMatMul { get; init; } = true;

    /// <summary>
    /// Quantize depthwise convolutions (one input channel per group) too. Default false: ONNX Runtime's float depthwise
    /// kernels on blocked layouts beat its int8 ones on CPUs without VNNI, and each one would add a quantize/dequantize pair.
    /// </summary>
    public bool QuantizeDepthwiseConv { get; init; }

    /// <summary>Names of further nodes to keep in float.</summary>
    public IReadOnlyCollection<string> KeepFloat { get; init; } = [];
}

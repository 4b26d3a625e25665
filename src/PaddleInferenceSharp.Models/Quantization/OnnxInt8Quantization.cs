namespace PaddleInferenceSharp.Models;

/// <summary>What <see cref="OnnxInt8Quantizer.Quantize"/> did.</summary>
/// <param name="OnnxModel">The quantized, serialized ModelProto (QDQ format).</param>
/// <param name="Convs">Conv nodes given int8 weights (per output channel), int32 biases and quantized input and output.</param>
/// <param name="MatMuls">MatMul nodes given int8 weights (per tensor) and quantized input and output.</param>
/// <param name="Activations">Activation tensors given a QuantizeLinear/DequantizeLinear pair (uint8, asymmetric).</param>
/// <param name="KeptFloat">Quantizable nodes left in float (by options or for want of a calibrated range), as <c>name (op)</c>.</param>
public sealed record OnnxInt8Quantization(byte[] OnnxModel, int Convs, int MatMuls, int Activations, IReadOnlyList<string> KeptFloat);

namespace PaddleInferenceSharp.Models;

/// <summary>The result of converting a Paddle program to ONNX.</summary>
/// <param name="OnnxModel">The serialized ONNX ModelProto.</param>
/// <param name="Program">The program that was converted.</param>
/// <param name="NodeCount">ONNX nodes written.</param>
/// <param name="ParameterCount">Parameters read from the <c>.pdiparams</c> file (0 when converted without weights).</param>
/// <param name="ParameterBytes">Bytes of parameter data written as initializers.</param>
/// <param name="Elapsed">Wall time of reading and converting.</param>
public sealed record OnnxConversionResult(byte[] OnnxModel, PaddleProgram Program, int NodeCount, int ParameterCount, long ParameterBytes, TimeSpan Elapsed);

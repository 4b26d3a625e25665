namespace PaddleInferenceSharp.Models;

/// <summary>A float32 constant of an ONNX graph (an initializer or a Constant node): dims and values.</summary>
internal sealed record FloatConstant(long[] Dims, float[] Values);

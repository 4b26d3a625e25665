using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>Wrapping output values as tensors that read ONNX Runtime's memory in place.</summary>
internal sealed unsafe partial class OrtSession
{
    /// <summary>Wraps every output value as a tensor that owns it; on failure disposes the tensors already made.</summary>
    private Tensor[] TakeOutputs(IntPtr[] outputs)
    {
        var results = new Tensor[outputs.Length];
        try
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                // The tensor takes over the output value; the run's cleanup must not release it again.
                var output = new OrtHandle(outputs[i], _runtime.Api.ReleaseValue);
                outputs[i] = IntPtr.Zero;
                try
                {
                    results[i] = WrapOutput(output, Outputs[i].Name);
                }
                catch
                {
                    output.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            foreach (var r in results)
            {
                r?.Dispose();
            }

            throw;
        }

        return results;
    }

    private Tensor WrapOutput(OrtHandle output, string name)
    {
        var api = _runtime.Api;
        var value = output.DangerousGetHandle();
        IntPtr info;
        _runtime.Check(api.GetTensorTypeAndShape(value, &info), $"reading the shape of output '{name}'");
        using var infoHandle = new OrtHandle(info, _runtime.Api.ReleaseTensorTypeAndShapeInfo);
        int elementType;
        _runtime.Check(api.GetTensorElementType(info, &elementType), $"reading the element type of output '{name}'");
        nuint rank;
        _runtime.Check(api.GetDimensionsCount(info, &rank), $"reading the rank of output '{name}'");
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            _runtime.Check(api.GetDimensions(info, dims, rank), $"reading the dimensions of output '{name}'");
        }

        void* data;
        _runtime.Check(api.GetTensorMutableData(value, &data), $"reading output '{name}'");
        var type = OrtElementTypes.FromOrt(elementType);
        return type switch
        {
            TensorElementType.Float32 => Wrap<float>(output, data, shape),
            TensorElementType.Int64 => Wrap<long>(output, data, shape),
            TensorElementType.Int32 => Wrap<int>(output, data, shape),
            TensorElementType.UInt8 => Wrap<byte>(output, data, shape),
            TensorElementType.Int8 => Wrap<sbyte>(output, data, shape),
            _ => throw new OnnxRuntimeException(OrtErrorCode.NotImplemented, $"Output '{name}' of model '{ModelName}' has ONNX element type {elementType}, which PaddleInferenceSharp does not exchange."),
        };
    }

    private static Tensor Wrap<T>(OrtHandle output, void* data, long[] shape) where T : unmanaged
    {
        long length = 1;
        foreach (var d in shape)
        {
            length *= d;
        }

        if (length > Array.MaxLength)
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail, $"An output of shape [{string.Join(",", shape)}] has more elements than .NET spans can address.");
        }

        return Tensor.FromMemory(new OrtOutputMemory<T>(output, data, (int)length), shape);
    }
}

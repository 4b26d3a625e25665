using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>An ONNX Runtime call returned an error status.</summary>
public sealed class OnnxRuntimeException : InferenceEngineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">ONNX Runtime's <c>OrtErrorCode</c>.</param>
    /// <param name="message">What was being done, and ONNX Runtime's message.</param>
    public OnnxRuntimeException(OrtErrorCode errorCode, string message) : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode ErrorCode { get; }
}

/// <summary>ONNX Runtime's <c>OrtErrorCode</c> values.</summary>
public enum OrtErrorCode
{
    /// <summary>ORT_OK.</summary>
    Ok = 0,
    /// <summary>ORT_FAIL.</summary>
    Fail = 1,
    /// <summary>ORT_INVALID_ARGUMENT.</summary>
    InvalidArgument = 2,
    /// <summary>ORT_NO_SUCHFILE.</summary>
    NoSuchFile = 3,
    /// <summary>ORT_NO_MODEL.</summary>
    NoModel = 4,
    /// <summary>ORT_ENGINE_ERROR.</summary>
    EngineError = 5,
    /// <summary>ORT_RUNTIME_EXCEPTION.</summary>
    RuntimeException = 6,
    /// <summary>ORT_INVALID_PROTOBUF.</summary>
    InvalidProtobuf = 7,
    /// <summary>ORT_MODEL_LOADED.</summary>
    ModelLoaded = 8,
    /// <summary>ORT_NOT_IMPLEMENTED.</summary>
    NotImplemented = 9,
    /// <summary>ORT_INVALID_GRAPH.</summary>
    InvalidGraph = 10,
    /// <summary>ORT_EP_FAIL.</summary>
    ExecutionProviderFail = 11,
}

namespace PaddleInferenceSharp.Engine;

/// <summary>Which inference engine runs the models.</summary>
public enum InferenceEngineKind
{
    /// <summary>The engine package the application references: ONNX Runtime when both are referenced.</summary>
    Default = 0,

    /// <summary>ONNX Runtime (package <c>PaddleInferenceSharp.OnnxRuntime</c>); Paddle-format models are converted in process.</summary>
    OnnxRuntime,

    /// <summary>Paddle Inference (package <c>PaddleInferenceSharp.Paddle</c>).</summary>
    Paddle,

    /// <summary>Paddle Inference when its native library loads, else ONNX Runtime (the reason is logged as a warning).</summary>
    Auto,
}

using Microsoft.Extensions.Logging;

namespace PaddleInferenceSharp.Engine;

/// <summary>Settings every engine provider receives.</summary>
public sealed record InferenceEngineOptions
{
    /// <summary>
    /// The device the engine's models will run on; with <see cref="InferenceEngineKind.Default"/> or
    /// <see cref="InferenceEngineKind.Auto"/> a device other than the CPU chooses the engine that can serve it.
    /// </summary>
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Receives the engine's messages; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>ONNX Runtime: rewrite each model before loading it (scales and shifts folded into convolutions, hard-swish fused). Other engines ignore it.</summary>
    public bool OptimizeOnnxGraphs { get; init; } = true;
}

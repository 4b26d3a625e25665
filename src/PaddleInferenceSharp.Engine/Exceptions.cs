namespace PaddleInferenceSharp.Engine;

/// <summary>Base class of the errors raised by inference engines.</summary>
public class InferenceEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InferenceEngineException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public InferenceEngineException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>A model could not be loaded: a file is missing, unreadable, malformed or rejected by the engine.</summary>
public class ModelLoadException : InferenceEngineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="modelPath">The file or directory at fault.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ModelLoadException(string message, string? modelPath, Exception? innerException = null) : base(message, innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The model file or directory at fault.</summary>
    public string? ModelPath { get; }
}

/// <summary>No package of the engine asked for is referenced by the application.</summary>
public sealed class InferenceEngineNotInstalledException : InferenceEngineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The engine asked for; null when none at all is referenced.</param>
    public InferenceEngineNotInstalledException(InferenceEngineKind? kind) : base(Format(kind))
    {
        Kind = kind;
    }

    /// <summary>Creates the exception for an engine that <paramref name="device"/> needs.</summary>
    /// <param name="kind">The engine that serves the device.</param>
    /// <param name="device">The device asked for.</param>
    public InferenceEngineNotInstalledException(InferenceEngineKind kind, InferenceDevice device)
        : base($"Device '{device}' is served by the Paddle Inference engine only (the ONNX Runtime engine runs on the CPU). {Format(kind)}")
    {
        Kind = kind;
    }

    /// <summary>The engine asked for; null when no engine at all is referenced.</summary>
    public InferenceEngineKind? Kind { get; }

    private static string Format(InferenceEngineKind? kind) => kind switch
    {
        InferenceEngineKind.OnnxRuntime => "The ONNX Runtime engine is not referenced: add the packages PaddleInferenceSharp.OnnxRuntime and PaddleInferenceSharp.runtime.linux-x64.onnxruntime (or another package that ships libonnxruntime).",
        InferenceEngineKind.Paddle => "The Paddle Inference engine is not referenced: add the package PaddleInferenceSharp.Paddle and a PaddleInferenceSharp.runtime.<rid>.<device> package (or set PADDLE_INFERENCE_ROOT).",
        _ => "No inference engine is referenced: add PaddleInferenceSharp.OnnxRuntime with PaddleInferenceSharp.runtime.linux-x64.onnxruntime, or PaddleInferenceSharp.Paddle with a PaddleInferenceSharp.runtime.<rid>.<device> package.",
    };
}

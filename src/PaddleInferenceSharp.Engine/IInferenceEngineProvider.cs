using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Engine;

/// <summary>
/// Creates one kind of engine. An engine package names its provider with
/// <see cref="InferenceEngineProviderAttribute"/>, so that <see cref="InferenceEngines"/> finds it when the
/// application references the package; other providers are added with <see cref="InferenceEngines.Register"/>.
/// </summary>
public interface IInferenceEngineProvider
{
    /// <summary>The kind of engine created (<see cref="InferenceEngineKind.OnnxRuntime"/> or <see cref="InferenceEngineKind.Paddle"/>).</summary>
    InferenceEngineKind Kind { get; }

    /// <summary>Creates an engine; its native library is loaded now.</summary>
    /// <param name="options">Settings shared by every engine.</param>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    IInferenceEngine Create(InferenceEngineOptions options);
}

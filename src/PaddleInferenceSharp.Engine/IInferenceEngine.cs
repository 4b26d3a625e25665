namespace PaddleInferenceSharp.Engine;

/// <summary>An inference runtime (ONNX Runtime, Paddle Inference) that loads models into predictors.</summary>
/// <remarks>Engines are thread-safe: predictors may be created from several threads.</remarks>
public interface IInferenceEngine : IDisposable
{
    /// <summary>The engine's short name, as the CLI's <c>--engine</c> option spells it.</summary>
    string Name { get; }

    /// <summary>A description of the loaded native runtime (library path and version).</summary>
    string RuntimeDescription { get; }

    /// <summary>Whether this engine can load <paramref name="model"/> (for example ONNX Runtime needs an ONNX file or a convertible Paddle program).</summary>
    bool CanLoad(ModelSource model);

    /// <summary>Loads a model.</summary>
    /// <exception cref="ModelLoadException">The model files are missing, unreadable or rejected by the engine.</exception>
    IPredictor CreatePredictor(ModelSource model, PredictorOptions options);
}

namespace PaddleInferenceSharp.Engine;

/// <summary>A tensor bound to a model input by name.</summary>
/// <param name="Name">The model input's name (see <see cref="IPredictor.Inputs"/>).</param>
/// <param name="Tensor">The data; it must stay alive and unchanged during the run.</param>
public readonly record struct NamedTensor(string Name, Tensor Tensor);

/// <summary>A loaded model that runs inference.</summary>
/// <remarks>
/// Thread-safety: one predictor serves one thread at a time. For parallel work call <see cref="Clone"/>
/// once per worker thread; clones share the loaded weights, so a clone is cheap. Disposing a predictor
/// does not affect its clones.
/// </remarks>
public interface IPredictor : IDisposable
{
    /// <summary>A short description of the model this predictor runs (file or directory), for messages and logs.</summary>
    string ModelName { get; }

    /// <summary>
    /// What the engine applied, by PaddleX's names where there is one: <c>engine</c>, <c>device</c>,
    /// <c>cpu_threads</c>, <c>enable_mkldnn</c>, <c>precision</c>, and engine-specific keys.
    /// </summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The model inputs as the engine declares them.</summary>
    IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model outputs as the engine declares them, in the order <see cref="Run"/> returns them.</summary>
    IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Creates a predictor for another thread that shares this one's loaded model.</summary>
    IPredictor Clone();

    /// <summary>Runs the model.</summary>
    /// <param name="inputs">One tensor per model input, matched by name.</param>
    /// <param name="cancellationToken">Checked before the run; engines that can abort a running model do so.</param>
    /// <returns>One tensor per model output, in <see cref="Outputs"/> order. The caller owns and disposes them.</returns>
    /// <exception cref="ArgumentException">An input is missing, unknown, or of the wrong element type or rank.</exception>
    /// <exception cref="InferenceEngineException">The engine failed to run the model.</exception>
    Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default);
}

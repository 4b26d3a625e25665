using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>An <see cref="IPredictor"/> over an ONNX Runtime session.</summary>
/// <remarks>
/// Thread-safety: ONNX Runtime sessions run concurrently, so even one instance may be used from several threads;
/// <see cref="Clone"/> shares the session and exists for uniformity with engines that need one predictor per thread.
/// </remarks>
public sealed class OrtPredictor : IPredictor
{
    private OrtSession? _session;

    internal OrtPredictor(OrtSession session, IReadOnlyDictionary<string, string> settings)
    {
        _session = session;
        Settings = settings;
        ModelName = session.ModelName;
        Inputs = session.Inputs;
        Outputs = session.Outputs;
    }

    /// <inheritdoc />
    public string ModelName { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <inheritdoc />
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Every how many runs the CPU arena's unused chunks are given back (<see cref="PredictorOptions.ReleaseMemoryEveryRuns"/>; 0: never).</summary>
    internal int ShrinkArenaEveryRuns => Session.ShrinkArenaEveryRuns;

    /// <summary>Runs with more input elements than this give the arena's unused chunks back (<see cref="PredictorOptions.ReleaseMemoryAboveInputElements"/>; 0: no such rule).</summary>
    internal long ShrinkArenaAboveInputElements => Session.ShrinkArenaAboveInputElements;

    private OrtSession Session => _session ?? throw new ObjectDisposedException(nameof(OrtPredictor), $"The predictor of '{ModelName}' was disposed.");

    /// <inheritdoc />
    public IPredictor Clone() => new OrtPredictor(Session.AddReference(), Settings);

    /// <inheritdoc />
    public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default) => Session.Run(inputs, cancellationToken);

    /// <summary>Releases this predictor's reference to the session. Idempotent.</summary>
    public void Dispose() => Interlocked.Exchange(ref _session, null)?.Dispose();
}

using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.E2e;

/// <summary>One engine run call as the pipeline made it: the predictor, a private copy of the inputs, and the order it started in.</summary>
internal sealed record RecordedCall(IPredictor Predictor, string Model, NamedTensor[] Inputs, int Sequence);

/// <summary>
/// An engine wrapper for <c>--engine_only</c>: while <see cref="Recording"/> is on, every run call of every predictor
/// it created (clones included) copies its inputs before passing the call on, so the calls can later be replayed on
/// the same predictors without the pipeline's pre- and post-processing. Off, it only forwards.
/// </summary>
internal sealed class EngineRecorder(IInferenceEngine inner) : IInferenceEngine
{
    private readonly object _gate = new();
    private List<RecordedCall> _calls = [];
    private int _sequence;

    public volatile bool Recording;

    public string Name => inner.Name;

    public string RuntimeDescription => inner.RuntimeDescription;

    public bool CanLoad(ModelSource model) => inner.CanLoad(model);

    public IPredictor CreatePredictor(ModelSource model, PredictorOptions options) => new Predictor(this, inner.CreatePredictor(model, options));

    /// <summary>The calls recorded since the last take, in the order they started; the caller owns their input copies.</summary>
    public List<RecordedCall> Take()
    {
        lock (_gate)
        {
            var calls = _calls;
            _calls = [];
            _sequence = 0;
            return calls;
        }
    }

    public void Dispose() => inner.Dispose();

    private void Record(IPredictor target, IReadOnlyList<NamedTensor> inputs)
    {
        var copies = inputs.Select(i => new NamedTensor(i.Name, Copy(i.Tensor))).ToArray();
        lock (_gate)
        {
            _calls.Add(new RecordedCall(target, target.ModelName, copies, _sequence++));
        }
    }

    private static Tensor Copy(Tensor source) => source.ElementType switch
    {
        TensorElementType.Float32 => Copy<float>(source),
        TensorElementType.UInt8 => Copy<byte>(source),
        TensorElementType.Int8 => Copy<sbyte>(source),
        TensorElementType.Int32 => Copy<int>(source),
        TensorElementType.Int64 => Copy<long>(source),
        _ => throw new NotSupportedException($"--engine_only cannot record a {source.ElementType} input."),
    };

    private static Tensor Copy<T>(Tensor source) where T : unmanaged
    {
        var copy = Tensor.Rent<T>(source.Shape);
        source.AsSpan<T>().CopyTo(copy.AsSpan<T>());
        return copy;
    }

    private sealed class Predictor(EngineRecorder recorder, IPredictor inner) : IPredictor
    {
        public string ModelName => inner.ModelName;

        public IReadOnlyDictionary<string, string> Settings => inner.Settings;

        public IReadOnlyList<TensorInfo> Inputs => inner.Inputs;

        public IReadOnlyList<TensorInfo> Outputs => inner.Outputs;

        public IPredictor Clone() => new Predictor(recorder, inner.Clone());

        public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
        {
            if (recorder.Recording)
            {
                // The unwrapped predictor is recorded: the replay times the engine alone.
                recorder.Record(inner, inputs);
            }

            return inner.Run(inputs, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}

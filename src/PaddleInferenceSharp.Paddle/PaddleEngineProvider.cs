using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Paddle;

[assembly: InferenceEngineProvider(typeof(PaddleEngineProvider))]

namespace PaddleInferenceSharp.Paddle;

/// <summary>Creates <see cref="PaddleEngine"/>s (the native library is resolved as <see cref="PaddleInferenceOptions"/> describes).</summary>
public sealed class PaddleEngineProvider : IInferenceEngineProvider
{
    /// <inheritdoc />
    public InferenceEngineKind Kind => InferenceEngineKind.Paddle;

    /// <inheritdoc />
    public IInferenceEngine Create(InferenceEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PaddleEngine(logger: options.LoggerFactory?.CreateLogger("PaddleInferenceSharp.Engine"));
    }
}

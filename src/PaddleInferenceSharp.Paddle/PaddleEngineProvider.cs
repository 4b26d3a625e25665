using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;
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
        try
        {
            return new PaddleEngine(logger: options.LoggerFactory?.CreateLogger("PaddleInferenceSharp.Engine"));
        }
        catch (NativeLibraryNotFoundException ex) when (!options.Device.IsCpu)
        {
            // Say what the device needs: a build of the library for it, not any Paddle Inference package.
            var build = options.Device.Kind is "gpu" or "dcu" ? "GPU (CUDA)" : $"'{options.Device.Kind}'";
            throw new NativeLibraryNotFoundException(
                $"the Paddle Inference C library with {build} support (libpaddle_inference_c) that device '{options.Device}' needs",
                ex.Attempts,
                $"Device '{options.Device}' runs on the Paddle Inference engine with a {build} build of its C library: install a " +
                $"PaddleInferenceSharp.runtime.{NativeLibraryProbe.PortableRuntimeIdentifier}.<device> package built by native/ " +
                $"(e.g. -DPADDLE_FETCH_PREBUILT={NativeLibraryProbe.PortableRuntimeIdentifier}-cu118) or set {PaddleInferenceOptions.RootVariable} " +
                "to an unpacked paddle_inference_c of that build. The ONNX Runtime engine runs on the CPU only.");
        }
    }
}

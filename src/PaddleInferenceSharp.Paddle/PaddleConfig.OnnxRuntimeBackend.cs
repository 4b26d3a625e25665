using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// Paddle's own ONNX Runtime backend.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>Runs the model through Paddle's own ONNX Runtime backend (builds with WITH_ONNXRUNTIME only).</summary>
    public bool UseOnnxRuntime
    {
        get => HasAndFlag(nameof(PaddleNative.PD_ConfigONNXRuntimeEnabled), &PaddleNative.PD_ConfigONNXRuntimeEnabled);
        set
        {
            Library.RequireExport(nameof(PaddleNative.PD_ConfigEnableONNXRuntime), "Paddle's ONNX Runtime backend");
            Action(value ? &PaddleNative.PD_ConfigEnableONNXRuntime : &PaddleNative.PD_ConfigDisableONNXRuntime);
        }
    }

    /// <summary>Enables ONNX Runtime's graph optimisation in that backend.</summary>
    public void EnableOrtOptimization()
    {
        Library.RequireExport(nameof(PaddleNative.PD_ConfigEnableORTOptimization), "ONNX Runtime optimisation");
        Action(&PaddleNative.PD_ConfigEnableORTOptimization);
    }
}

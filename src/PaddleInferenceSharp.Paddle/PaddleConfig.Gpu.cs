using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// CUDA GPU: device, memory pool, precision, cuDNN and streams.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>Runs on a CUDA GPU (<c>PD_ConfigEnableUseGpu</c>).</summary>
    /// <param name="deviceId">The GPU index.</param>
    /// <param name="memoryPoolMb">Memory reserved at start, in MB.</param>
    /// <param name="precision">Inference precision; other than float32 needs Paddle 2.5+.</param>
    public void EnableGpu(int deviceId = 0, ulong memoryPoolMb = 100, PaddlePrecision precision = PaddlePrecision.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        CheckPrecision(precision);
        if (precision != PaddlePrecision.Float32)
        {
            // Before 2.5 the function had no precision parameter; the extra argument would be ignored silently.
            Library.RequireVersion(2, 5, nameof(PaddleNative.PD_ConfigEnableUseGpu), "GPU precision " + precision);
        }

        using var c = Use();
        PaddleNative.PD_ConfigEnableUseGpu(c.Pointer, memoryPoolMb, deviceId, (int)precision);
    }

    /// <summary>Returns to the CPU.</summary>
    public void DisableGpu() => Action(&PaddleNative.PD_ConfigDisableGpu);

    /// <summary>Whether a GPU is used.</summary>
    public bool UseGpu => Flag(&PaddleNative.PD_ConfigUseGpu);

    /// <summary>The GPU index.</summary>
    public int GpuDeviceId => Int(&PaddleNative.PD_ConfigGpuDeviceId);

    /// <summary>The initial GPU memory pool in MB.</summary>
    public int GpuMemoryPoolMb => Int(&PaddleNative.PD_ConfigMemoryPoolInitSizeMb);

    /// <summary>The fraction of GPU memory taken by the initial pool.</summary>
    public float GpuMemoryPoolFraction
    {
        get
        {
            using var c = _handle.Lease();
            return PaddleNative.PD_ConfigFractionOfGpuMemoryForPool(c.Pointer);
        }
    }

    /// <summary>Uses cuDNN kernels.</summary>
    public void EnableCudnn() => Action(&PaddleNative.PD_ConfigEnableCudnn);

    /// <summary>Whether cuDNN is enabled.</summary>
    public bool CudnnEnabled => Flag(&PaddleNative.PD_ConfigCudnnEnabled);

    /// <summary>Binds a CUDA stream to each calling thread; every predictor of the process must agree on this setting.</summary>
    public void EnableGpuMultiStream() => Action(&PaddleNative.PD_ConfigEnableGpuMultiStream);

    /// <summary>Whether thread-local streams are used.</summary>
    public bool ThreadLocalStreamEnabled => Flag(&PaddleNative.PD_ConfigThreadLocalStreamEnabled);

    /// <summary>Runs on an existing CUDA stream (a <c>cudaStream_t</c>).</summary>
    public void SetExecStream(IntPtr cudaStream)
    {
        using var c = Use();
        PaddleNative.PD_ConfigSetExecStream(c.Pointer, (void*)cudaStream);
    }
}

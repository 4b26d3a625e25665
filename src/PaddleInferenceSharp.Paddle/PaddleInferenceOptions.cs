namespace PaddleInferenceSharp.Paddle;

/// <summary>How the Paddle engine finds the native library and configures predictors.</summary>
public sealed record PaddleInferenceOptions
{
    /// <summary>Environment variable naming an unpacked Paddle Inference C package (the folder holding <c>paddle/lib</c> and <c>third_party</c>).</summary>
    public const string RootVariable = "PADDLE_INFERENCE_ROOT";

    /// <summary>An explicit path of <c>libpaddle_inference_c.so</c> / <c>paddle_inference_c.dll</c>; searched first. Its folder is searched for the dependencies to preload.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>An unpacked Paddle Inference C package; when null, <see cref="RootVariable"/> is read.</summary>
    public string? InferenceRoot { get; init; }

    /// <summary>Use oneDNN (MKLDNN) kernels on the CPU (PaddleX's default for CPU inference).</summary>
    public bool UseOneDnn { get; init; } = true;

    /// <summary>oneDNN's cache of primitives per input shape (PaddleX's <c>mkldnn_cache_capacity</c>, default 10).</summary>
    public int OneDnnCacheCapacity { get; init; } = 10;

    /// <summary>
    /// With <see cref="Engine.PredictorOptions.UseTensorRt"/>: replace some TensorRT plugins with NVIDIA's open-source ones
    /// (<c>PD_ConfigEnableTensorRtOSS</c>; needs libnvinfer_plugin 7.2.1 or newer). Paddle 3.x names it varseqlen.
    /// </summary>
    public bool UseTensorRtOss { get; init; }

    /// <summary>GPU memory pool reserved at start, in MB.</summary>
    public ulong GpuMemoryPoolMb { get; init; } = 100;

    /// <summary>Silence Paddle's glog INFO output.</summary>
    public bool DisableGlogInfo { get; init; } = true;
}

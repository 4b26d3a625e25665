namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>How the ONNX Runtime engine finds and configures the native library.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>Environment variable that names the library file (searched after <see cref="LibraryPath"/>).</summary>
    public const string LibraryPathVariable = "PADDLEINFERENCESHARP_ONNXRUNTIME_PATH";

    /// <summary>An explicit path of <c>libonnxruntime.so</c> / <c>onnxruntime.dll</c> / <c>libonnxruntime.dylib</c>; searched first.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Graph optimisation level (ONNX Runtime's GraphOptimizationLevel: 0, 1, 2 or 99 = all, the default).</summary>
    public int GraphOptimizationLevel { get; init; } = 99;

    /// <summary>Use ONNX Runtime's CPU memory arena (faster repeated runs, memory kept between runs).</summary>
    public bool EnableCpuMemArena { get; init; } = true;

    /// <summary>
    /// Let ONNX Runtime plan memory for repeated input shapes. Off by default: OCR inputs change shape with every page
    /// and line batch, so the plans are rebuilt each run and only raise peak memory.
    /// </summary>
    public bool EnableMemoryPattern { get; init; }
}

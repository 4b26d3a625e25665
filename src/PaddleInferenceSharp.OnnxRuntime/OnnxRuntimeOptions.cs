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

    /// <summary>
    /// Return the CPU arena's unused chunks to the system after every run (ONNX Runtime's
    /// <c>memory.enable_memory_arena_shrinkage</c>). Each model then holds only what its current run needs instead of
    /// the largest run it has seen, which keeps long-running processes from growing with the mix of page and line
    /// sizes. Needs <see cref="EnableCpuMemArena"/>.
    /// </summary>
    public bool ShrinkArenaAfterRun { get; init; } = true;

    /// <summary>
    /// On Linux with glibc, fix malloc's mmap threshold at this many bytes when the library is loaded (<c>mallopt(M_MMAP_THRESHOLD)</c>;
    /// 1 MiB by default, 0 leaves glibc's dynamic threshold). Blocks of this size or more are then always mapped on their
    /// own and unmapped when freed. With the dynamic threshold, glibc raises the threshold to the size of the first large
    /// block freed (up to 32 MiB) and serves later arena chunks from its heap, which keeps freed memory and fragments,
    /// so arena shrinkage returned little: the harness's peak RSS over the dev set varied between 400 and 475 MB from
    /// run to run, against 330-400 MB with the fixed threshold. The setting is process-wide.
    /// </summary>
    public int MallocMmapThreshold { get; init; } = 1 << 20;

    /// <summary>
    /// When set, every session this engine creates writes the graph ONNX Runtime runs, after its own optimisations
    /// (fusions, quantized kernels, layout changes), to this file (ONNX Runtime's <c>optimized_model_filepath</c>);
    /// for inspection: which operators became integer kernels, which were fused. Each session overwrites it.
    /// </summary>
    public string? OptimizedModelFilePath { get; init; }
}

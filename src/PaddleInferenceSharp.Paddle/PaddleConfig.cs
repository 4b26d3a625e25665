using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// Settings of one Paddle predictor (<c>PD_Config</c>): model location, CPU/oneDNN, GPU, TensorRT, XPU, custom
/// devices, Paddle's ONNX Runtime backend, graph and memory optimisation.
/// </summary>
/// <remarks>
/// A config serves exactly one <see cref="PaddlePredictor.Create(PaddleConfig)"/> (Paddle marks it invalid afterwards); build a new
/// one per predictor, or <see cref="PaddlePredictor.Clone()"/> the predictor. Inputs are validated here because the C API
/// reports bad arguments by throwing C++ exceptions through the C ABI, which would end the process.
/// Not thread-safe: configure it from one thread.
/// </remarks>
public sealed unsafe class PaddleConfig : IDisposable
{
    private readonly PaddleConfigHandle _handle;

    /// <summary>Creates an empty config (loads the library on first use).</summary>
    /// <exception cref="NativeLibraryNotFoundException">The library is not found.</exception>
    public PaddleConfig(PaddleInferenceOptions? options = null) : this(PaddleLibrary.Load(options))
    {
    }

    /// <summary>Creates an empty config for an already loaded library.</summary>
    public PaddleConfig(PaddleLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
        var pointer = PaddleNative.PD_ConfigCreate();
        if (pointer == IntPtr.Zero)
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigCreate), "PD_ConfigCreate returned NULL (out of memory?).");
        }

        _handle = new PaddleConfigHandle(pointer);
    }

    /// <summary>The library this config belongs to.</summary>
    public PaddleLibrary Library { get; }

    /// <summary>Whether a predictor was created from this config (it cannot be used again).</summary>
    public bool IsUsed { get; private set; }

    // ---- model location -------------------------------------------------------------------------------------

    /// <summary>A config for a model directory: <c>inference.json</c>/<c>inference.pdmodel</c> with <c>.pdiparams</c>, or a non-combined directory (one file per parameter).</summary>
    /// <exception cref="ModelLoadException">The directory is missing, or holds a PIR program and the library is 2.x.</exception>
    public static PaddleConfig FromModelDirectory(string directory, PaddleInferenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException($"Model directory '{full}' does not exist.", full);
        }

        var config = new PaddleConfig(options);
        try
        {
            var model = Directory.GetFiles(full, "*.json").Length + Directory.GetFiles(full, "*.pdmodel").Length > 0 ? ModelSource.FromDirectory(full) : null;
            if (model?.PaddleProgramPath is not null && model.PaddleParamsPath is not null)
            {
                config.SetModel(model.PaddleProgramPath, model.PaddleParamsPath);
            }
            else
            {
                config.SetModelDirectory(full);
            }

            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>A config for a program file (<c>.json</c> PIR or <c>.pdmodel</c>) and its combined parameters file.</summary>
    public static PaddleConfig FromModelFiles(string programFile, string paramsFile, PaddleInferenceOptions? options = null)
    {
        var config = new PaddleConfig(options);
        try
        {
            config.SetModel(programFile, paramsFile);
            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>A config for a model held in memory (program bytes and combined parameter bytes).</summary>
    public static PaddleConfig FromMemory(ReadOnlySpan<byte> program, ReadOnlySpan<byte> parameters, PaddleInferenceOptions? options = null)
    {
        var config = new PaddleConfig(options);
        config.SetModelBuffer(program, parameters);
        return config;
    }

    /// <summary>Sets a combined model: program file and parameters file (<c>PD_ConfigSetModel</c>).</summary>
    /// <remarks>A <c>.json</c> program is a PIR program: Paddle 3.x selects its PIR loader by that suffix; 2.x cannot read it.</remarks>
    /// <exception cref="ModelLoadException">A file is missing, or the program is PIR and the library is 2.x.</exception>
    public void SetModel(string programFile, string paramsFile)
    {
        var program = ExistingFile(programFile, "program");
        var parameters = ExistingFile(paramsFile, "parameters");
        CheckProgramFormat(program);
        using var strings = new NativeUtf8Strings([program, parameters]);
        using var c = Use();
        PaddleNative.PD_ConfigSetModel(c.Pointer, strings.Array[0], strings.Array[1]);
    }

    /// <summary>Sets the program file alone (<c>PD_ConfigSetProgFile</c>).</summary>
    public void SetProgramFile(string programFile)
    {
        var program = ExistingFile(programFile, "program");
        CheckProgramFormat(program);
        using var s = NativeUtf8Strings.Of(program);
        using var c = Use();
        PaddleNative.PD_ConfigSetProgFile(c.Pointer, s.First);
    }

    /// <summary>Sets the combined parameters file alone (<c>PD_ConfigSetParamsFile</c>).</summary>
    public void SetParamsFile(string paramsFile)
    {
        using var s = NativeUtf8Strings.Of(ExistingFile(paramsFile, "parameters"));
        using var c = Use();
        PaddleNative.PD_ConfigSetParamsFile(c.Pointer, s.First);
    }

    /// <summary>Sets a non-combined model directory (<c>PD_ConfigSetModelDir</c>).</summary>
    public void SetModelDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException($"Model directory '{full}' does not exist.", full);
        }

        using var s = NativeUtf8Strings.Of(full);
        using var c = Use();
        PaddleNative.PD_ConfigSetModelDir(c.Pointer, s.First);
    }

    /// <summary>Sets where optimised programs are cached (<c>PD_ConfigSetOptimCacheDir</c>).</summary>
    public void SetOptimCacheDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        using var s = NativeUtf8Strings.Of(Path.GetFullPath(directory));
        using var c = Use();
        PaddleNative.PD_ConfigSetOptimCacheDir(c.Pointer, s.First);
    }

    /// <summary>Loads the model from memory (<c>PD_ConfigSetModelBuffer</c>); Paddle copies the buffers.</summary>
    public void SetModelBuffer(ReadOnlySpan<byte> program, ReadOnlySpan<byte> parameters)
    {
        if (program.IsEmpty)
        {
            throw new ArgumentException("The program buffer is empty.", nameof(program));
        }

        using var c = Use();
        fixed (byte* p = program)
        fixed (byte* q = parameters)
        {
            PaddleNative.PD_ConfigSetModelBuffer(c.Pointer, p, (nuint)program.Length, q, (nuint)parameters.Length);
        }
    }

    /// <summary>The model directory set (empty when none).</summary>
    public string ModelDirectory => ReadBorrowed(&PaddleNative.PD_ConfigGetModelDir);

    /// <summary>The program file set (empty when none).</summary>
    public string ProgramFile => ReadBorrowed(&PaddleNative.PD_ConfigGetProgFile);

    /// <summary>The parameters file set (empty when none).</summary>
    public string ParamsFile => ReadBorrowed(&PaddleNative.PD_ConfigGetParamsFile);

    /// <summary>Whether the model comes from memory.</summary>
    public bool IsModelFromMemory => Flag(&PaddleNative.PD_ConfigModelFromMemory);

    // ---- CPU ------------------------------------------------------------------------------------------------

    /// <summary>Threads of the CPU math library (oneDNN/MKL or OpenBLAS) inside one operator.</summary>
    public int CpuMathThreads
    {
        get => Int(&PaddleNative.PD_ConfigGetCpuMathLibraryNumThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            using var c = Use();
            PaddleNative.PD_ConfigSetCpuMathLibraryNumThreads(c.Pointer, value);
        }
    }

    /// <summary>
    /// Uses oneDNN (MKLDNN) kernels on the CPU. OpenBLAS packages have no oneDNN: leave it off there and Paddle's
    /// own CPU kernels use OpenBLAS as their math library.
    /// </summary>
    public void EnableOneDnn(int cacheCapacity = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        using var c = Use();
        PaddleNative.PD_ConfigEnableMKLDNN(c.Pointer);
        PaddleNative.PD_ConfigSetMkldnnCacheCapacity(c.Pointer, cacheCapacity);
    }

    /// <summary>Whether oneDNN is enabled.</summary>
    public bool OneDnnEnabled => Flag(&PaddleNative.PD_ConfigMkldnnEnabled);

    /// <summary>Restricts oneDNN to the named operators (<c>PD_ConfigSetMkldnnOp</c>).</summary>
    public void SetOneDnnOperators(IReadOnlyList<string> operators) => WithStrings(operators, &PaddleNative.PD_ConfigSetMkldnnOp);

    /// <summary>Runs the named (or all, when empty) operators in bfloat16 under oneDNN.</summary>
    public void EnableOneDnnBfloat16(IReadOnlyList<string>? operators = null)
    {
        using (var c = Use())
        {
            PaddleNative.PD_ConfigEnableMkldnnBfloat16(c.Pointer);
        }

        if (operators is { Count: > 0 })
        {
            WithStrings(operators, &PaddleNative.PD_ConfigSetBfloat16Op);
        }
    }

    /// <summary>Whether oneDNN bfloat16 is enabled.</summary>
    public bool OneDnnBfloat16Enabled => Flag(&PaddleNative.PD_ConfigMkldnnBfloat16Enabled);

    /// <summary>Runs quantized models with oneDNN int8 kernels.</summary>
    public void EnableOneDnnInt8() => Action(&PaddleNative.PD_ConfigEnableMkldnnInt8);

    /// <summary>Whether oneDNN int8 is enabled.</summary>
    public bool OneDnnInt8Enabled => Flag(&PaddleNative.PD_ConfigMkldnnInt8Enabled);

    // ---- GPU ------------------------------------------------------------------------------------------------

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

    // ---- TensorRT -------------------------------------------------------------------------------------------

    /// <summary>Runs supported subgraphs with TensorRT (needs a GPU build and <see cref="EnableGpu"/>).</summary>
    /// <param name="workspaceBytes">TensorRT workspace; above 2 GiB needs Paddle 2.5+ (the parameter was int32 before).</param>
    /// <param name="maxBatchSize">Largest batch.</param>
    /// <param name="minSubgraphSize">Smallest subgraph handed to TensorRT.</param>
    /// <param name="precision">Engine precision.</param>
    /// <param name="useStatic">Serialize engines to the optimisation cache.</param>
    /// <param name="useCalibMode">Calibrate int8 at run time.</param>
    public void EnableTensorRt(long workspaceBytes = 1 << 30, int maxBatchSize = 1, int minSubgraphSize = 3,
        PaddlePrecision precision = PaddlePrecision.Float32, bool useStatic = false, bool useCalibMode = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workspaceBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSubgraphSize);
        CheckPrecision(precision);
        if (workspaceBytes > int.MaxValue)
        {
            Library.RequireVersion(2, 5, nameof(PaddleNative.PD_ConfigEnableTensorRtEngine), "A TensorRT workspace above 2 GiB");
        }

        using var c = Use();
        PaddleNative.PD_ConfigEnableTensorRtEngine(c.Pointer, workspaceBytes, maxBatchSize, minSubgraphSize, (int)precision, Bool(useStatic), Bool(useCalibMode));
    }

    /// <summary>Whether TensorRT is enabled.</summary>
    public bool TensorRtEnabled => Flag(&PaddleNative.PD_ConfigTensorRtEngineEnabled);

    /// <summary>Declares the dynamic shape range of each TensorRT input.</summary>
    /// <param name="shapes">Per input name: minimum, maximum and optimal shape (equal ranks).</param>
    /// <param name="disablePluginFp16">Keep TensorRT plugins in float32.</param>
    public void SetTensorRtDynamicShapes(IReadOnlyDictionary<string, (int[] Min, int[] Max, int[] Optimal)> shapes, bool disablePluginFp16 = false)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var names = shapes.Keys.ToArray();
        var count = names.Length;
        var ranks = new nuint[count];
        var handles = new List<GCHandle>();
        var min = new IntPtr[count];
        var max = new IntPtr[count];
        var opt = new IntPtr[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var (lo, hi, best) = shapes[names[i]];
                if (lo is null || hi is null || best is null || lo.Length != hi.Length || lo.Length != best.Length || lo.Length == 0)
                {
                    throw new ArgumentException($"Dynamic shape of '{names[i]}' needs three non-empty shapes of equal rank.", nameof(shapes));
                }

                ranks[i] = (nuint)lo.Length;
                min[i] = Pin(lo, handles);
                max[i] = Pin(hi, handles);
                opt[i] = Pin(best, handles);
            }

            using var strings = new NativeUtf8Strings(names);
            using var c = Use();
            fixed (nuint* r = ranks)
            fixed (IntPtr* pMin = min, pMax = max, pOpt = opt)
            {
                PaddleNative.PD_ConfigSetTrtDynamicShapeInfo(c.Pointer, (nuint)count, strings.Array, r, (int**)pMin, (int**)pMax, (int**)pOpt, Bool(disablePluginFp16));
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Free();
            }
        }
    }

    /// <summary>Whether dynamic shapes were declared.</summary>
    public bool TensorRtDynamicShapeEnabled => Flag(&PaddleNative.PD_ConfigTensorRtDynamicShapeEnabled);

    /// <summary>Uses shape ranges collected earlier (<see cref="CollectShapeRangeInfo"/>) for TensorRT.</summary>
    public void EnableTunedTensorRtDynamicShape(string shapeRangeInfoPath, bool allowBuildAtRuntime = true)
    {
        using var s = NativeUtf8Strings.Of(ExistingFile(shapeRangeInfoPath, "shape range info"));
        using var c = Use();
        PaddleNative.PD_ConfigEnableTunedTensorRtDynamicShape(c.Pointer, s.First, Bool(allowBuildAtRuntime));
    }

    /// <summary>Whether tuned dynamic shapes are used.</summary>
    public bool TunedTensorRtDynamicShape => Flag(&PaddleNative.PD_ConfigTunedTensorRtDynamicShape);

    /// <summary>Whether TensorRT may build engines at run time for shapes outside the tuned ranges.</summary>
    public bool TensorRtAllowBuildAtRuntime => Flag(&PaddleNative.PD_ConfigTrtAllowBuildAtRuntime);

    /// <summary>Records the input shapes seen during runs into a file for <see cref="EnableTunedTensorRtDynamicShape"/>.</summary>
    public void CollectShapeRangeInfo(string shapeRangeInfoPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(shapeRangeInfoPath);
        using var s = NativeUtf8Strings.Of(Path.GetFullPath(shapeRangeInfoPath));
        using var c = Use();
        PaddleNative.PD_ConfigCollectShapeRangeInfo(c.Pointer, s.First);
    }

    /// <summary>Whether shape ranges are collected.</summary>
    public bool ShapeRangeInfoCollected => Flag(&PaddleNative.PD_ConfigShapeRangeInfoCollected);

    /// <summary>The shape range file set by <see cref="CollectShapeRangeInfo"/> or <see cref="EnableTunedTensorRtDynamicShape"/>.</summary>
    public string ShapeRangeInfoPath
    {
        get
        {
            using var c = _handle.Lease();
            return PaddleReturnedArrays.TakeMallocString(PaddleNative.PD_ConfigShapeRangeInfoPath(c.Pointer));
        }
    }

    /// <summary>Keeps the named operators out of TensorRT.</summary>
    public void DisableTensorRtOperators(IReadOnlyList<string> operators) => WithStrings(operators, &PaddleNative.PD_ConfigDisableTensorRtOPs);

    /// <summary>
    /// Replaces some TensorRT plugins with NVIDIA's open-source TensorRT plugins (<c>PD_ConfigEnableTensorRtOSS</c>,
    /// libnvinfer_plugin 7.2.1 or newer). Paddle 3.x renamed the call <c>PD_ConfigEnableVarseqlen</c>; a library
    /// without the old export gets the new one.
    /// </summary>
    public void EnableTensorRtOss()
    {
        if (Library.HasExport(nameof(PaddleNative.PD_ConfigEnableTensorRtOSS)))
        {
            Action(&PaddleNative.PD_ConfigEnableTensorRtOSS);
            return;
        }

        Library.RequireExport(nameof(PaddleNative.PD_ConfigEnableVarseqlen), "TensorRT OSS plugins");
        Action(&PaddleNative.PD_ConfigEnableVarseqlen);
    }

    /// <summary>Whether the TensorRT OSS plugins (3.x: variable-length kernels) are enabled (<c>PD_ConfigTensorRtOssEnabled</c>).</summary>
    public bool TensorRtOssEnabled => Flag(&PaddleNative.PD_ConfigTensorRtOssEnabled);

    /// <summary>Enables TensorRT's variable-length transformer kernels.</summary>
    public void EnableVarseqlen() => Action(&PaddleNative.PD_ConfigEnableVarseqlen);

    /// <summary>Whether variable-length kernels are enabled (the C API still calls this "Oss").</summary>
    public bool VarseqlenEnabled => Flag(&PaddleNative.PD_ConfigTensorRtOssEnabled);

    /// <summary>Runs TensorRT on a Jetson DLA core.</summary>
    public void EnableTensorRtDla(int dlaCore = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dlaCore);
        using var c = Use();
        PaddleNative.PD_ConfigEnableTensorRtDla(c.Pointer, dlaCore);
    }

    /// <summary>Whether DLA is used.</summary>
    public bool TensorRtDlaEnabled => Flag(&PaddleNative.PD_ConfigTensorRtDlaEnabled);

    // ---- XPU and custom devices -----------------------------------------------------------------------------

    /// <summary>Runs on a Kunlunxin XPU (<c>PD_ConfigEnableXpu</c>). The C API has no XPU device id: select the card with <c>XPU_VISIBLE_DEVICES</c>.</summary>
    /// <param name="l3WorkspaceSize">L3 cache size in bytes.</param>
    /// <param name="l3Locked">Lock L3 for this predictor.</param>
    /// <param name="convAutotune">Autotune convolutions.</param>
    /// <param name="convAutotuneFile">File for autotune results (empty: none).</param>
    /// <param name="transformerEncoderPrecision">e.g. "int16", "int31".</param>
    /// <param name="transformerEncoderAdaptiveSeqlen">Adaptive sequence length for encoders.</param>
    /// <param name="enableMultiStream">Multi-stream execution (Paddle 2.5+; ignored by older libraries, so refused there).</param>
    public void EnableXpu(int l3WorkspaceSize = 0xfffc00, bool l3Locked = false, bool convAutotune = true, string convAutotuneFile = "",
        string transformerEncoderPrecision = "int16", bool transformerEncoderAdaptiveSeqlen = false, bool enableMultiStream = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(l3WorkspaceSize);
        ArgumentNullException.ThrowIfNull(convAutotuneFile);
        ArgumentNullException.ThrowIfNull(transformerEncoderPrecision);
        if (enableMultiStream)
        {
            Library.RequireVersion(2, 5, nameof(PaddleNative.PD_ConfigEnableXpu), "XPU multi-stream");
        }

        using var strings = new NativeUtf8Strings([convAutotuneFile, transformerEncoderPrecision]);
        using var c = Use();
        PaddleNative.PD_ConfigEnableXpu(c.Pointer, l3WorkspaceSize, Bool(l3Locked), Bool(convAutotune), strings.Array[0], strings.Array[1],
            Bool(transformerEncoderAdaptiveSeqlen), Bool(enableMultiStream));
    }

    /// <summary>Whether an XPU is used.</summary>
    public bool UseXpu => Flag(&PaddleNative.PD_ConfigUseXpu);

    /// <summary>The XPU device id.</summary>
    public int XpuDeviceId => Int(&PaddleNative.PD_ConfigXpuDeviceId);

    /// <summary>Runs on a custom device plugin (e.g. "npu" for Ascend, "mlu", "gcu").</summary>
    /// <param name="deviceType">The plugin's device type.</param>
    /// <param name="deviceId">The device index.</param>
    /// <param name="precision">Precision; other than float32 needs Paddle 3.0 (2.5/2.6 had no precision parameter).</param>
    public void EnableCustomDevice(string deviceType, int deviceId = 0, PaddlePrecision precision = PaddlePrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceType);
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        CheckPrecision(precision);
        Library.RequireExport(nameof(PaddleNative.PD_ConfigEnableCustomDevice), "Custom devices (" + deviceType + ")");
        if (precision != PaddlePrecision.Float32)
        {
            Library.RequireVersion(3, 0, nameof(PaddleNative.PD_ConfigEnableCustomDevice), "Custom device precision " + precision);
        }

        using var s = NativeUtf8Strings.Of(deviceType);
        using var c = Use();
        PaddleNative.PD_ConfigEnableCustomDevice(c.Pointer, s.First, deviceId, (int)precision);
    }

    /// <summary>Whether a custom device is used.</summary>
    public bool UseCustomDevice => HasAndFlag(nameof(PaddleNative.PD_ConfigUseCustomDevice), &PaddleNative.PD_ConfigUseCustomDevice);

    /// <summary>The custom device index.</summary>
    public int CustomDeviceId => Int(&PaddleNative.PD_ConfigCustomDeviceId);

    /// <summary>The custom device type.</summary>
    public string CustomDeviceType
    {
        get
        {
            Library.RequireExport(nameof(PaddleNative.PD_ConfigCustomDeviceType), "Reading the custom device type");
            using var c = _handle.Lease();
            return PaddleReturnedArrays.TakeMallocString(PaddleNative.PD_ConfigCustomDeviceType(c.Pointer));
        }
    }

    // ---- ONNX Runtime backend -------------------------------------------------------------------------------

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

    // ---- graph and memory optimisation ----------------------------------------------------------------------

    /// <summary>IR graph optimisation (fusion passes); on by default.</summary>
    public bool IrOptim
    {
        get => Flag(&PaddleNative.PD_ConfigIrOptim);
        set => SetFlag(value, &PaddleNative.PD_ConfigSwitchIrOptim);
    }

    /// <summary>Dumps the graph after each pass (debugging).</summary>
    public void SwitchIrDebug(bool enabled) => SetFlag(enabled, &PaddleNative.PD_ConfigSwitchIrDebug);

    /// <summary>Memory reuse between tensors.</summary>
    public bool MemoryOptim
    {
        get => Flag(&PaddleNative.PD_ConfigMemoryOptimEnabled);
        set => SetFlag(value, &PaddleNative.PD_ConfigEnableMemoryOptim);
    }

    /// <summary>Turns off padding in fully-connected layers.</summary>
    public void DisableFcPadding() => Action(&PaddleNative.PD_ConfigDisableFCPadding);

    /// <summary>Whether FC padding is used.</summary>
    public bool UseFcPadding => Flag(&PaddleNative.PD_ConfigUseFcPadding);

    /// <summary>Removes a pass from the optimisation pipeline.</summary>
    public void DeletePass(string pass) => WithString(pass, &PaddleNative.PD_ConfigDeletePass);

    /// <summary>Inserts a pass at <paramref name="index"/>.</summary>
    public void InsertPass(int index, string pass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, AllPasses.Count);
        using var s = NativeUtf8Strings.Of(pass);
        using var c = Use();
        PaddleNative.PD_ConfigInsertPass(c.Pointer, (nuint)index, s.First);
    }

    /// <summary>Appends a pass.</summary>
    public void AppendPass(string pass) => WithString(pass, &PaddleNative.PD_ConfigAppendPass);

    /// <summary>The optimisation passes in order.</summary>
    public IReadOnlyList<string> AllPasses
    {
        get
        {
            using var c = _handle.Lease();
            var array = PaddleNative.PD_ConfigAllPasses(c.Pointer);
            return array is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigAllPasses), "PD_ConfigAllPasses returned NULL.")
                : PaddleReturnedArrays.TakeStrings(array);
        }
    }

    /// <summary>Profiles operators during runs.</summary>
    public void EnableProfile() => Action(&PaddleNative.PD_ConfigEnableProfile);

    /// <summary>Whether profiling is on.</summary>
    public bool ProfileEnabled => Flag(&PaddleNative.PD_ConfigProfileEnabled);

    /// <summary>Silences glog INFO messages.</summary>
    public void DisableGlogInfo() => Action(&PaddleNative.PD_ConfigDisableGlogInfo);

    /// <summary>Whether glog INFO is silenced.</summary>
    public bool GlogInfoDisabled => Flag(&PaddleNative.PD_ConfigGlogInfoDisabled);

    /// <summary>Whether the config may still create a predictor (Paddle invalidates it once used).</summary>
    public bool IsValid => Flag(&PaddleNative.PD_ConfigIsValid);

    /// <summary>Paddle's own description of the settings.</summary>
    public string Summary
    {
        get
        {
            Library.RequireExport(nameof(PaddleNative.PD_ConfigSummary), "The config summary");
            using var c = _handle.Lease();
            var text = PaddleNative.PD_ConfigSummary(c.Pointer);
            return text is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigSummary), "PD_ConfigSummary returned NULL.")
                : PaddleReturnedArrays.TakeString(text);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"PaddleConfig({(ProgramFile.Length > 0 ? ProgramFile : ModelDirectory)})";

    /// <summary>Destroys the native config (idempotent). A predictor created from it is not affected.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Marks the config as consumed by a predictor; returns the handle lease for <c>PD_PredictorCreate</c>.</summary>
    internal HandleLease TakeForPredictor()
    {
        if (IsUsed)
        {
            throw new InvalidOperationException("This PaddleConfig already created a predictor; Paddle allows one predictor per config. Create a new PaddleConfig or Clone the predictor.");
        }

        if (ProgramFile.Length == 0 && ModelDirectory.Length == 0 && !IsModelFromMemory)
        {
            throw new InvalidOperationException("No model is set on this PaddleConfig: call SetModel, SetModelDirectory or SetModelBuffer first.");
        }

        IsUsed = true;
        return _handle.Lease();
    }

    /// <summary>After a ≤2.4 <c>PD_PredictorCreate</c> the library has freed the config: forget the pointer.</summary>
    internal void ReleaseOwnershipToLibrary() => _handle.SetHandleAsInvalid();

    private HandleLease Use()
    {
        if (IsUsed)
        {
            throw new InvalidOperationException("This PaddleConfig already created a predictor and can no longer be changed.");
        }

        return _handle.Lease();
    }

    private void CheckProgramFormat(string program)
    {
        if (program.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Library.SupportsPir)
        {
            throw new ModelLoadException(
                $"'{program}' is a PIR program (Paddle 3.x export), but the loaded library is {Library.Description}, which cannot read PIR programs. "
                + "Install a Paddle Inference 3.x C library (build it with native/: -DPADDLE_BUILD_FROM_SOURCE=ON), use a classic inference.pdmodel export, or use --engine onnxruntime.",
                program);
        }
    }

    private static string ExistingFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ModelLoadException($"The {what} file '{full}' does not exist.", full);
        }

        return full;
    }

    private static void CheckPrecision(PaddlePrecision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision (the C API has Float32, Int8 and Half).");
        }
    }

    private static sbyte Bool(bool value) => value ? (sbyte)1 : (sbyte)0;

    private static IntPtr Pin(int[] values, List<GCHandle> handles)
    {
        var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
        handles.Add(handle);
        return handle.AddrOfPinnedObject();
    }

    private string ReadBorrowed(delegate*<nint, byte*> getter)
    {
        using var c = _handle.Lease();
        return Marshal.PtrToStringUTF8((IntPtr)getter(c.Pointer)) ?? string.Empty;
    }

    private bool Flag(delegate*<nint, sbyte> getter)
    {
        using var c = _handle.Lease();
        return getter(c.Pointer) != 0;
    }

    private bool HasAndFlag(string export, delegate*<nint, sbyte> getter) => Library.HasExport(export) && Flag(getter);

    private int Int(delegate*<nint, int> getter)
    {
        using var c = _handle.Lease();
        return getter(c.Pointer);
    }

    private void Action(delegate*<nint, void> action)
    {
        using var c = Use();
        action(c.Pointer);
    }

    private void SetFlag(bool value, delegate*<nint, sbyte, void> setter)
    {
        using var c = Use();
        setter(c.Pointer, Bool(value));
    }

    private void WithString(string value, delegate*<nint, byte*, void> setter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        using var s = NativeUtf8Strings.Of(value);
        using var c = Use();
        setter(c.Pointer, s.First);
    }

    private void WithStrings(IReadOnlyList<string> values, delegate*<nint, nuint, byte**, void> setter)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var s = new NativeUtf8Strings(values);
        using var c = Use();
        setter(c.Pointer, s.Count, s.Array);
    }
}

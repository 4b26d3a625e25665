using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// TensorRT subgraphs: engine settings, dynamic shapes, shape-range collection, OSS plugins and DLA.
public sealed unsafe partial class PaddleConfig
{
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

    private static IntPtr Pin(int[] values, List<GCHandle> handles)
    {
        var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
        handles.Add(handle);
        return handle.AddrOfPinnedObject();
    }
}

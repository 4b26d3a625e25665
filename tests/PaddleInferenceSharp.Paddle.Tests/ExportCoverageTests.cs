using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>One scenario that calls every exported function of the C API, then checks the double's call log and counters.</summary>
[NonParallelizable]
public sealed unsafe class ExportCoverageTests
{
    [Test]
    public void Every_exported_function_is_called_at_least_once_and_every_object_is_destroyed_once()
    {
        _ = AbiTestDouble.Library;
        AbiTestDouble.Reset();
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        var cache = Path.Combine(model.Directory, "cache");

        using (var config = new PaddleConfig(AbiTestDouble.Library))
        {
            config.SetModelDirectory(model.Directory);
            config.SetProgramFile(model.Program);
            config.SetParamsFile(model.Params);
            config.SetModel(model.Program, model.Params);
            config.SetOptimCacheDirectory(cache);
            _ = (config.ModelDirectory, config.ProgramFile, config.ParamsFile);
            config.SetModelBuffer([1, 2, 3], [4]);
            _ = config.IsModelFromMemory;
            config.EnableGpu(1, 256, PaddlePrecision.Half);
            _ = (config.UseGpu, config.GpuDeviceId, config.GpuMemoryPoolMb, config.GpuMemoryPoolFraction);
            config.DisableGpu();
            config.EnableCudnn();
            _ = config.CudnnEnabled;
            config.EnableXpu(enableMultiStream: true);
            _ = (config.UseXpu, config.XpuDeviceId);
            config.EnableCustomDevice("npu", 2, PaddlePrecision.Half);
            _ = (config.UseCustomDevice, config.CustomDeviceId, config.CustomDeviceType);
            config.UseOnnxRuntime = true;
            config.UseOnnxRuntime = false;
            _ = config.UseOnnxRuntime;
            config.EnableOrtOptimization();
            config.IrOptim = false;
            _ = config.IrOptim;
            config.SwitchIrDebug(true);
            config.MemoryOptim = true;
            _ = config.MemoryOptim;
            config.DisableFcPadding();
            _ = config.UseFcPadding;
            config.DeletePass("fc_fuse_pass");
            config.InsertPass(0, "first_pass");
            config.AppendPass("last_pass");
            _ = config.AllPasses;
            config.EnableProfile();
            _ = config.ProfileEnabled;
            config.DisableGlogInfo();
            _ = config.GlogInfoDisabled;
            _ = config.IsValid;
            config.EnableOneDnn(5);
            _ = config.OneDnnEnabled;
            config.CpuMathThreads = 3;
            _ = config.CpuMathThreads;
            config.SetOneDnnOperators(["conv2d", "pool2d"]);
            config.EnableOneDnnBfloat16(["conv2d"]);
            _ = config.OneDnnBfloat16Enabled;
            config.EnableOneDnnInt8();
            _ = config.OneDnnInt8Enabled;
            config.EnableGpuMultiStream();
            _ = config.ThreadLocalStreamEnabled;
            config.SetExecStream(0x1234);
            config.EnableTensorRt(1L << 31, 2, 5, PaddlePrecision.Half, true, false);
            _ = config.TensorRtEnabled;
            config.SetTensorRtDynamicShapes(new Dictionary<string, (int[], int[], int[])> { ["x"] = ([1, 3, 32, 32], [4, 3, 960, 960], [1, 3, 640, 640]) });
            _ = config.TensorRtDynamicShapeEnabled;
            config.EnableTunedTensorRtDynamicShape(model.Params, allowBuildAtRuntime: true);
            _ = (config.TunedTensorRtDynamicShape, config.TensorRtAllowBuildAtRuntime);
            config.CollectShapeRangeInfo(Path.Combine(model.Directory, "shapes.pbtxt"));
            _ = (config.ShapeRangeInfoCollected, config.ShapeRangeInfoPath);
            config.DisableTensorRtOperators(["softmax"]);
            config.EnableVarseqlen();
            _ = config.VarseqlenEnabled;
            config.EnableTensorRtOss();
            _ = config.TensorRtOssEnabled;
            config.EnableTensorRtDla(1);
            _ = config.TensorRtDlaEnabled;
            _ = config.Summary;

            using var predictor = PaddlePredictor.Create(config);
            _ = (predictor.InputNames, predictor.OutputNames, predictor.Inputs, predictor.Outputs, predictor.InputCount, predictor.OutputCount);
            using var x = Tensor.Wrap(new float[] { 1, 2, 3, 4, 5, 6 }, [1, 3, 1, 2]);
            var outputs = predictor.Run([new NamedTensor("x", x)]);
            foreach (var o in outputs)
            {
                o.Dispose();
            }

            using (var input = predictor.GetInputTensor("x"))
            {
                _ = input.NativeName;
                input.Reshape([1, 2]);
                input.CopyFromCpu<int>([7, 8]);
                input.CopyToCpu(new int[2]);
                input.CopyFromCpu<long>([7, 8]);
                input.CopyToCpu(new long[2]);
                input.CopyFromCpu<byte>([7, 8]);
                input.CopyToCpu(new byte[2]);
                input.CopyFromCpu<sbyte>([7, -8]);
                input.CopyToCpu(new sbyte[2]);
                input.CopyFromCpu<float>([7, 8]);
                input.CopyToCpu(new float[2]);
                input.SetLod([[0, 1, 2]]);
                _ = input.Lod;
                ExerciseRawDataPointers(predictor);
            }

            predictor.ClearIntermediateTensors();
            _ = predictor.TryShrinkMemory();
            using var clone = predictor.Clone();
        }

        // The destroy functions the safe API reaches only inside other destroys, and PD_GetVersion (called at load).
        PaddleNative.PD_IOInfoDestroy(null);
        PaddleNative.PD_OneDimArrayInt64Destroy(null);
        PaddleNative.PD_OneDimArraySizeDestroy(null);
        _ = PaddleNative.PD_GetVersion();
        var raw = PaddleNative.PD_ConfigCreate();
        PaddleNative.PD_ConfigSetInvalid(raw);
        Assert.That(PaddleNative.PD_ConfigIsValid(raw), Is.Zero);
        PaddleNative.PD_ConfigDestroy(raw);

        var never = PaddleNative.FunctionNames.Where(n => AbiTestDouble.CallCount(n) == 0).ToArray();
        Assert.That(never, Is.Empty, "functions never called");
        AbiTestDouble.Snapshot.AssertBalancedSince(before, "malloc");
        Assert.That(AbiTestDouble.Created("malloc") - before.Created["malloc"], Is.EqualTo(2), "CustomDeviceType and ShapeRangeInfoPath strings");
    }

    /// <summary>The MutableData/Data families hand out borrowed pointers; the safe API copies instead, so they are exercised raw.</summary>
    private static void ExerciseRawDataPointers(PaddlePredictor predictor)
    {
        using var t = predictor.GetInputTensor("x");
        var handle = typeof(PaddleTensor).GetField("_handle", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(t) as System.Runtime.InteropServices.SafeHandle;
        var p = handle!.DangerousGetHandle();
        t.Reshape([2, 2]);
        int place, size;
        var f = PaddleNative.PD_TensorMutableDataFloat(p, PaddleNativeConstants.PD_PLACE_CPU);
        f[3] = 2.5f;
        Assert.That(PaddleNative.PD_TensorDataFloat(p, &place, &size)[3], Is.EqualTo(2.5f));
        Assert.That((place, size), Is.EqualTo((PaddleNativeConstants.PD_PLACE_CPU, 4)));
        PaddleNative.PD_TensorMutableDataInt64(p, PaddleNativeConstants.PD_PLACE_CPU)[0] = long.MaxValue;
        Assert.That(PaddleNative.PD_TensorDataInt64(p, &place, &size)[0], Is.EqualTo(long.MaxValue));
        PaddleNative.PD_TensorMutableDataInt32(p, PaddleNativeConstants.PD_PLACE_CPU)[1] = -5;
        Assert.That(PaddleNative.PD_TensorDataInt32(p, &place, &size)[1], Is.EqualTo(-5));
        PaddleNative.PD_TensorMutableDataUint8(p, PaddleNativeConstants.PD_PLACE_CPU)[2] = 250;
        Assert.That(PaddleNative.PD_TensorDataUint8(p, &place, &size)[2], Is.EqualTo(250));
        PaddleNative.PD_TensorMutableDataInt8(p, PaddleNativeConstants.PD_PLACE_CPU)[3] = -120;
        Assert.That(PaddleNative.PD_TensorDataInt8(p, &place, &size)[3], Is.EqualTo(-120));
    }
}

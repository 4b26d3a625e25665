using PaddleInferenceSharp.Bindings.OnnxRuntime;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>Creating a session: its options and loading the model from a file or from bytes.</summary>
internal sealed unsafe partial class OrtSession
{
    public static OrtSession Create(OrtRuntime runtime, ModelSource model, PredictorOptions options, OnnxRuntimeOptions ortOptions)
    {
        IntPtr rawOptions;
        runtime.Check(runtime.Api.CreateSessionOptions(&rawOptions), "creating session options");
        using var sessionOptions = new OrtHandle(rawOptions, runtime.Api.ReleaseSessionOptions);
        ConfigureSessionOptions(runtime, rawOptions, options, ortOptions);
        var session = LoadSession(runtime, model, rawOptions);
        return new OrtSession(runtime, new OrtHandle(session, runtime.Api.ReleaseSession), model.DisplayName,
            ortOptions.EnableCpuMemArena ? options.ReleaseMemoryEveryRuns ?? (ortOptions.ShrinkArenaAfterRun ? 1 : 0) : 0,
            ortOptions.EnableCpuMemArena ? options.ReleaseMemoryAboveInputElements ?? 0 : 0);
    }

    private static void ConfigureSessionOptions(OrtRuntime runtime, IntPtr rawOptions, PredictorOptions options, OnnxRuntimeOptions ortOptions)
    {
        var api = runtime.Api;
        // ONNX Runtime's own default (0) counts physical cores, which on virtual machines is often 1; use the
        // processors this process may run on instead.
        var threads = options.EffectiveCpuThreads;
        runtime.Check(api.SetIntraOpNumThreads(rawOptions, threads), $"setting {threads} intra-op threads");
        runtime.Check(api.SetInterOpNumThreads(rawOptions, 1), "setting 1 inter-op thread");
        runtime.Check(api.SetSessionExecutionMode(rawOptions, OrtEnums.ExecutionSequential), "setting sequential execution");
        runtime.Check(api.SetSessionGraphOptimizationLevel(rawOptions, ortOptions.GraphOptimizationLevel), $"setting graph optimisation level {ortOptions.GraphOptimizationLevel}");
        runtime.Check(ortOptions.EnableCpuMemArena ? api.EnableCpuMemArena(rawOptions) : api.DisableCpuMemArena(rawOptions), "configuring the CPU memory arena");
        runtime.Check(ortOptions.EnableMemoryPattern ? api.EnableMemPattern(rawOptions) : api.DisableMemPattern(rawOptions), "configuring memory patterns");
        runtime.Check(api.SetSessionLogSeverityLevel(rawOptions, OrtEnums.LoggingError), "setting the session log level");
        AddConfig(runtime, rawOptions, "session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        if (ortOptions.OptimizedModelFilePath is { } optimized)
        {
            var status = OperatingSystem.IsWindows() ? SetOptimizedPathWide(api, rawOptions, optimized) : SetOptimizedPathUtf8(api, rawOptions, optimized);
            runtime.Check(status, $"setting the optimised model file {optimized}");
        }
    }

    private static IntPtr SetOptimizedPathUtf8(OrtApi api, IntPtr options, string path)
    {
        fixed (byte* p = Utf8Z(path))
        {
            return api.SetOptimizedModelFilePath(options, p);
        }
    }

    private static IntPtr SetOptimizedPathWide(OrtApi api, IntPtr options, string path)
    {
        fixed (char* p = path)
        {
            return api.SetOptimizedModelFilePath(options, p);
        }
    }

    private static IntPtr LoadSession(OrtRuntime runtime, ModelSource model, IntPtr rawOptions)
    {
        var api = runtime.Api;
        IntPtr session;
        if (model.OnnxPath is { } path)
        {
            if (!File.Exists(path))
            {
                throw new ModelLoadException($"ONNX model file '{path}' does not exist.", path);
            }

            var status = OperatingSystem.IsWindows()
                ? CreateSessionWide(api, runtime.Env, path, rawOptions, &session)
                : CreateSessionUtf8(api, runtime.Env, path, rawOptions, &session);
            CheckLoad(runtime, status, path);
        }
        else if (!model.OnnxBytes.IsEmpty)
        {
            using var pin = model.OnnxBytes.Pin();
            CheckLoad(runtime, api.CreateSessionFromArray(runtime.Env, pin.Pointer, (nuint)model.OnnxBytes.Length, rawOptions, &session), model.DisplayName);
        }
        else
        {
            throw new ModelLoadException($"Model '{model.DisplayName}' has no ONNX file or ONNX bytes for ONNX Runtime.", model.DisplayName);
        }

        return session;
    }

    private static void CheckLoad(OrtRuntime runtime, IntPtr status, string model)
    {
        try
        {
            runtime.Check(status, $"loading model '{model}'");
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(ex.Message, model, ex);
        }
    }

    private static IntPtr CreateSessionUtf8(OrtApi api, IntPtr env, string path, IntPtr options, IntPtr* session)
    {
        fixed (byte* p = Utf8Z(path))
        {
            return api.CreateSession(env, p, options, session);
        }
    }

    private static IntPtr CreateSessionWide(OrtApi api, IntPtr env, string path, IntPtr options, IntPtr* session)
    {
        fixed (char* p = path)
        {
            return api.CreateSession(env, p, options, session);
        }
    }

    private static void AddConfig(OrtRuntime runtime, IntPtr options, string key, string value)
    {
        fixed (byte* k = Utf8Z(key))
        fixed (byte* v = Utf8Z(value))
        {
            runtime.Check(runtime.Api.AddSessionConfigEntry(options, k, v), $"setting session option {key}={value}");
        }
    }
}

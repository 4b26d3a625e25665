using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.OnnxRuntime;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// The loaded ONNX Runtime library: its function table, its process-wide <c>OrtEnv</c>, and the one place where
/// <c>OrtStatus</c> results are checked and turned into <see cref="OnnxRuntimeException"/>.
/// </summary>
/// <remarks>Thread-safe. One instance per process (ONNX Runtime allows one environment); it lives until exit.</remarks>
internal sealed unsafe class OrtRuntime
{
    private static readonly Lock Gate = new();
    private static OrtRuntime? _instance;

    private OrtRuntime(string libraryPath, OrtApi api, string version, IntPtr env, IntPtr cpuMemoryInfo)
    {
        LibraryPath = libraryPath;
        Api = api;
        Version = version;
        Env = env;
        CpuMemoryInfo = cpuMemoryInfo;
    }

    public string LibraryPath { get; }

    public OrtApi Api { get; }

    public string Version { get; }

    /// <summary>The process-wide environment (never released: ONNX Runtime expects it to outlive every session).</summary>
    public IntPtr Env { get; }

    /// <summary>CPU memory info for tensors over caller memory (never released, like <see cref="Env"/>).</summary>
    public IntPtr CpuMemoryInfo { get; }

    /// <summary>The glibc mmap threshold fixed when the library was loaded (<see cref="OnnxRuntimeOptions.MallocMmapThreshold"/>), or null.</summary>
    public int? MallocMmapThreshold { get; private set; }

    /// <summary>Loads the library (once per process) from the first place that works.</summary>
    /// <exception cref="NativeLibraryNotFoundException">No candidate loaded; the message lists each place and why.</exception>
    /// <exception cref="OnnxRuntimeException">The library is older than the API version needed.</exception>
    public static OrtRuntime Get(OnnxRuntimeOptions options)
    {
        lock (Gate)
        {
            if (_instance is not null)
            {
                return _instance;
            }

            var (handle, loadedFrom) = BuildProbe(options).Load();
            _instance = Initialize(handle, loadedFrom);
            _instance.MallocMmapThreshold = GlibcMalloc.TrySetMmapThreshold(options.MallocMmapThreshold) ? options.MallocMmapThreshold : null;
            return _instance;
        }
    }

    /// <summary>The places searched, in order: option, environment variable, app-local runtimes, setup folder, system.</summary>
    internal static NativeLibraryProbe BuildProbe(OnnxRuntimeOptions options)
    {
        var names = NativeLibraryProbe.PlatformFileNames("onnxruntime", "1");
        var rid = NativeLibraryProbe.PortableRuntimeIdentifier;
        var setup = SetupFolder.Find();
        string? setupDir = null;
        if (setup is not null && Directory.Exists(Path.Combine(setup, "onnxruntime")))
        {
            setupDir = Directory.GetDirectories(Path.Combine(setup, "onnxruntime"))
                .Select(v => Path.Combine(v, rid))
                .Where(Directory.Exists)
                .OrderDescending(StringComparer.Ordinal)
                .FirstOrDefault();
        }

        return new NativeLibraryProbe(
                $"the ONNX Runtime native library ({names[0]})",
                "Install it with scripts/setup.sh (checkout), add a package that ships runtimes/" + rid + "/native/" + names[0]
                + " (e.g. Microsoft.ML.OnnxRuntime), or set " + OnnxRuntimeOptions.LibraryPathVariable + " to the library file.")
            .AddFile("option OnnxRuntimeOptions.LibraryPath", options.LibraryPath)
            .AddFile("environment variable " + OnnxRuntimeOptions.LibraryPathVariable, Environment.GetEnvironmentVariable(OnnxRuntimeOptions.LibraryPathVariable))
            .AddDirectory("app-local runtimes/" + rid + "/native", NativeLibraryProbe.AppLocalNativeDirectory, names)
            .AddDirectory("application directory", AppContext.BaseDirectory, names)
            .AddDirectory("setup folder" + (setup is null ? string.Empty : " " + setup), setupDir, names)
            .AddSystemSearch(names);
    }

    private static OrtRuntime Initialize(IntPtr library, string loadedFrom)
    {
        if (!NativeLibrary.TryGetExport(library, OrtApi.GetApiBaseExport, out var getApiBase))
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail, $"'{loadedFrom}' is not ONNX Runtime: it does not export {OrtApi.GetApiBaseExport}.");
        }

        var apiBase = ((delegate* unmanaged<OrtApiBase*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8(apiBase->GetVersionString()) ?? "unknown";
        var apiPointer = apiBase->GetApi(OrtApi.MinimumApiVersion);
        if (apiPointer == IntPtr.Zero)
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail, $"ONNX Runtime {version} at '{loadedFrom}' does not provide C API version {OrtApi.MinimumApiVersion}; install ONNX Runtime 1.16 or newer.");
        }

        var api = new OrtApi(apiPointer);
        IntPtr env;
        // UTF-8 literals are stored NUL-terminated (the terminator is not part of the span).
        fixed (byte* logId = "PaddleInferenceSharp"u8)
        {
            Check(api, api.CreateEnv(OrtEnums.LoggingError, logId, &env), "creating the ONNX Runtime environment");
        }

        IntPtr memoryInfo;
        Check(api, api.CreateCpuMemoryInfo(OrtEnums.ArenaAllocator, OrtEnums.MemTypeDefault, &memoryInfo), "creating CPU memory info");
        return new OrtRuntime(loadedFrom, api, version, env, memoryInfo);
    }

    /// <summary>Throws when <paramref name="status"/> is an error, always releasing it.</summary>
    public void Check(IntPtr status, string context) => Check(Api, status, context);

    private static void Check(OrtApi api, IntPtr status, string context)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        try
        {
            var code = (OrtErrorCode)api.GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8(api.GetErrorMessage(status)) ?? "(no message)";
            throw new OnnxRuntimeException(code, $"ONNX Runtime failed {context}: [{code}] {message}");
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }
}

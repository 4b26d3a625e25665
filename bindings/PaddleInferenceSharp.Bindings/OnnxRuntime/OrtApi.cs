using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.OnnxRuntime;

/// <summary>
/// ONNX Runtime's C API: the <c>OrtApi</c> function table returned by <c>OrtGetApiBase()-&gt;GetApi(version)</c>,
/// read slot by slot. The table is append-only across releases, so a slot index never changes meaning; every slot
/// used here exists since API version <see cref="MinimumApiVersion"/>.
/// </summary>
/// <remarks>
/// Slot numbers are the zero-based positions of the members of <c>struct OrtApi</c> in
/// <c>onnxruntime_c_api.h</c>. Functions returning <c>OrtStatus*</c> return null on success.
/// All calls use the platform's default C calling convention (ORT_API_CALL is <c>__stdcall</c> only on 32-bit Windows).
/// </remarks>
internal sealed unsafe class OrtApi
{
    /// <summary>The API version requested from the library (ONNX Runtime 1.16).</summary>
    public const uint MinimumApiVersion = 16;

    /// <summary>Name of the one exported symbol: <c>const OrtApiBase* OrtGetApiBase(void)</c>.</summary>
    public const string GetApiBaseExport = "OrtGetApiBase";

    // Slots of struct OrtApi (zero-based).
    private const int SlotGetErrorCode = 1;
    private const int SlotGetErrorMessage = 2;
    private const int SlotCreateEnv = 3;
    private const int SlotCreateSession = 7;
    private const int SlotCreateSessionFromArray = 8;
    private const int SlotRun = 9;
    private const int SlotCreateSessionOptions = 10;
    private const int SlotSetOptimizedModelFilePath = 11;
    private const int SlotSetSessionExecutionMode = 13;
    private const int SlotEnableMemPattern = 16;
    private const int SlotDisableMemPattern = 17;
    private const int SlotEnableCpuMemArena = 18;
    private const int SlotDisableCpuMemArena = 19;
    private const int SlotSetSessionLogSeverityLevel = 22;
    private const int SlotSetSessionGraphOptimizationLevel = 23;
    private const int SlotSetIntraOpNumThreads = 24;
    private const int SlotSetInterOpNumThreads = 25;
    private const int SlotSessionGetInputCount = 30;
    private const int SlotSessionGetOutputCount = 31;
    private const int SlotSessionGetInputTypeInfo = 33;
    private const int SlotSessionGetOutputTypeInfo = 34;
    private const int SlotSessionGetInputName = 36;
    private const int SlotSessionGetOutputName = 37;
    private const int SlotCreateRunOptions = 39;
    private const int SlotRunOptionsSetTerminate = 46;
    private const int SlotRunOptionsUnsetTerminate = 47;
    private const int SlotCreateTensorWithDataAsOrtValue = 49;
    private const int SlotIsTensor = 50;
    private const int SlotGetTensorMutableData = 51;
    private const int SlotCastTypeInfoToTensorInfo = 55;
    private const int SlotGetOnnxTypeFromTypeInfo = 56;
    private const int SlotGetTensorElementType = 60;
    private const int SlotGetDimensionsCount = 61;
    private const int SlotGetDimensions = 62;
    private const int SlotGetTensorShapeElementCount = 64;
    private const int SlotGetTensorTypeAndShape = 65;
    private const int SlotCreateCpuMemoryInfo = 69;
    private const int SlotAllocatorFree = 76;
    private const int SlotGetAllocatorWithDefaultOptions = 78;
    private const int SlotReleaseEnv = 92;
    private const int SlotReleaseStatus = 93;
    private const int SlotReleaseMemoryInfo = 94;
    private const int SlotReleaseSession = 95;
    private const int SlotReleaseValue = 96;
    private const int SlotReleaseRunOptions = 97;
    private const int SlotReleaseTypeInfo = 98;
    private const int SlotReleaseTensorTypeAndShapeInfo = 99;
    private const int SlotReleaseSessionOptions = 100;
    private const int SlotAddSessionConfigEntry = 130;
    private const int SlotAddRunConfigEntry = 165;

    /// <summary>Reads the function table at <paramref name="api"/> (the result of <c>GetApi</c>).</summary>
    public OrtApi(IntPtr api)
    {
        if (api == IntPtr.Zero)
        {
            throw new ArgumentNullException(nameof(api));
        }

        var t = (IntPtr*)api;
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)t[SlotGetErrorCode];
        GetErrorMessage = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotGetErrorMessage];
        CreateEnv = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)t[SlotCreateEnv];
        CreateSession = (delegate* unmanaged<IntPtr, void*, IntPtr, IntPtr*, IntPtr>)t[SlotCreateSession];
        CreateSessionFromArray = (delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotCreateSessionFromArray];
        Run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)t[SlotRun];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[SlotCreateSessionOptions];
        SetOptimizedModelFilePath = (delegate* unmanaged<IntPtr, void*, IntPtr>)t[SlotSetOptimizedModelFilePath];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetSessionExecutionMode];
        EnableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotEnableMemPattern];
        DisableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotDisableMemPattern];
        EnableCpuMemArena = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotEnableCpuMemArena];
        DisableCpuMemArena = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotDisableCpuMemArena];
        SetSessionLogSeverityLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetSessionLogSeverityLevel];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotSessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotSessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[SlotSessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[SlotSessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotSessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotSessionGetOutputName];
        CreateRunOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[SlotCreateRunOptions];
        RunOptionsSetTerminate = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotRunOptionsSetTerminate];
        RunOptionsUnsetTerminate = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotRunOptionsUnsetTerminate];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)t[SlotCreateTensorWithDataAsOrtValue];
        IsTensor = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[SlotIsTensor];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)t[SlotGetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[SlotCastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[SlotGetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[SlotGetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotGetDimensionsCount];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)t[SlotGetDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotGetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[SlotGetTensorTypeAndShape];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)t[SlotCreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)t[SlotAllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[SlotGetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseSession];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseValue];
        ReleaseRunOptions = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseRunOptions];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseSessionOptions];
        AddSessionConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)t[SlotAddSessionConfigEntry];
        AddRunConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)t[SlotAddRunConfigEntry];
    }

#pragma warning disable CS1591 // The members mirror the C API one to one; see onnxruntime_c_api.h.
    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, IntPtr*, IntPtr> CreateEnv;
    /// <remarks>The model path is <c>ORTCHAR_T*</c>: UTF-16 on Windows, UTF-8 elsewhere.</remarks>
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr, IntPtr*, IntPtr> CreateSession;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    /// <summary><c>SetOptimizedModelFilePath(OrtSessionOptions*, const ORTCHAR_T* path)</c>: the session writes its optimised graph there (ORTCHAR_T is wchar_t on Windows, char elsewhere).</summary>
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr> SetOptimizedModelFilePath;

    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> EnableMemPattern;
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableMemPattern;
    public readonly delegate* unmanaged<IntPtr, IntPtr> EnableCpuMemArena;
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableCpuMemArena;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateRunOptions;
    public readonly delegate* unmanaged<IntPtr, IntPtr> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<IntPtr, IntPtr> RunOptionsUnsetTerminate;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> IsTensor;
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    /// <remarks>The returned info is owned by the type info; do not release it.</remarks>
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> AllocatorFree;
    /// <remarks>The default allocator is owned by the library; never release it.</remarks>
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;
    public readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddRunConfigEntry;
#pragma warning restore CS1591
}

/// <summary><c>struct OrtApiBase { const OrtApi* GetApi(uint32_t version); const char* GetVersionString(void); }</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApiBase
{
    /// <summary>Returns the function table of API <c>version</c>, or null when the library is older than that.</summary>
    public delegate* unmanaged<uint, IntPtr> GetApi;

    /// <summary>The library's version, e.g. "1.30.0" (static string).</summary>
    public delegate* unmanaged<IntPtr> GetVersionString;
}

/// <summary>Numeric values of the ONNX Runtime C API enums used by the engine.</summary>
internal static class OrtEnums
{
    /// <summary>ONNXTensorElementDataType: float.</summary>
    public const int ElementFloat = 1;
    /// <summary>ONNXTensorElementDataType: uint8.</summary>
    public const int ElementUInt8 = 2;
    /// <summary>ONNXTensorElementDataType: int8.</summary>
    public const int ElementInt8 = 3;
    /// <summary>ONNXTensorElementDataType: int32.</summary>
    public const int ElementInt32 = 6;
    /// <summary>ONNXTensorElementDataType: int64.</summary>
    public const int ElementInt64 = 7;
    /// <summary>ONNXType: tensor.</summary>
    public const int OnnxTypeTensor = 1;
    /// <summary>OrtLoggingLevel: warning.</summary>
    public const int LoggingWarning = 2;
    /// <summary>OrtLoggingLevel: error.</summary>
    public const int LoggingError = 3;
    /// <summary>GraphOptimizationLevel: ORT_ENABLE_ALL.</summary>
    public const int GraphOptimizationAll = 99;
    /// <summary>ExecutionMode: ORT_SEQUENTIAL.</summary>
    public const int ExecutionSequential = 0;
    /// <summary>OrtAllocatorType: OrtArenaAllocator.</summary>
    public const int ArenaAllocator = 1;
    /// <summary>OrtAllocatorType: OrtDeviceAllocator.</summary>
    public const int DeviceAllocator = 0;
    /// <summary>OrtMemType: OrtMemTypeDefault.</summary>
    public const int MemTypeDefault = 0;
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>Owns one ONNX Runtime object and releases it with its matching <c>Release*</c> function.</summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtRuntime runtime, IntPtr handle) : base(IntPtr.Zero, ownsHandle: true)
    {
        Runtime = runtime;
        SetHandle(handle);
    }

    protected OrtRuntime Runtime { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>An <c>OrtSession</c>.</summary>
internal sealed unsafe class OrtSessionHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseSession(handle);
        return true;
    }
}

/// <summary>An <c>OrtSessionOptions</c>.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseSessionOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtValue</c>.</summary>
internal sealed unsafe class OrtValueHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseValue(handle);
        return true;
    }
}

/// <summary>An <c>OrtRunOptions</c>.</summary>
internal sealed unsafe class OrtRunOptionsHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseRunOptions(handle);
        return true;
    }
}

/// <summary>An <c>OrtTypeInfo</c>.</summary>
internal sealed unsafe class OrtTypeInfoHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseTypeInfo(handle);
        return true;
    }
}

/// <summary>An <c>OrtTensorTypeAndShapeInfo</c> the caller owns (from <c>GetTensorTypeAndShape</c>).</summary>
internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle(OrtRuntime runtime, IntPtr handle) : OrtHandle(runtime, handle)
{
    protected override bool ReleaseHandle()
    {
        Runtime.Api.ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}

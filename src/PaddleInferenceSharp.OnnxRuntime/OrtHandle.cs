using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// Owns one ONNX Runtime object (a session, session options, a value, type information) and releases it exactly once
/// with the matching <c>Release*</c> function of the C API, given when the handle is made.
/// </summary>
/// <remarks>
/// The function pointer is enough to release: the <see cref="OrtRuntime"/> that provides it is a process-wide
/// singleton that is never unloaded.
/// </remarks>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<IntPtr, void> _release;

    /// <param name="handle">The object; <see cref="IntPtr.Zero"/> makes an invalid handle that releases nothing.</param>
    /// <param name="release">Its release function from <see cref="OrtRuntime.Api"/>, e.g. <c>ReleaseValue</c> for an <c>OrtValue</c>.</param>
    public OrtHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release) : base(IntPtr.Zero, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

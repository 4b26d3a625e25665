using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Cairo;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Owns one cairo surface.</summary>
internal sealed class CairoSurfaceHandle : SafeHandle
{
    public CairoSurfaceHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        CairoNative.SurfaceDestroy(handle);
        return true;
    }
}

using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Cairo;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Owns one cairo drawing context (<c>cairo_t</c>).</summary>
internal sealed class CairoContextHandle : SafeHandle
{
    public CairoContextHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        CairoNative.Destroy(handle);
        return true;
    }
}

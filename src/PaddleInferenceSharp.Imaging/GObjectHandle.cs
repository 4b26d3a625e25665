using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.GLib;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Owns one reference to a GObject (a poppler document or page).</summary>
internal sealed class GObjectHandle : SafeHandle
{
    public GObjectHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GObjectNative.Unref(handle);
        return true;
    }
}

using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Cairo;
using PaddleInferenceSharp.Bindings.GLib;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// Owns one object of the PDF renderer's native libraries: a GObject reference (a poppler document or page), a cairo
/// surface or a cairo drawing context; released once with the call its kind names.
/// </summary>
internal sealed class PdfNativeHandle : SafeHandle
{
    private readonly Action<IntPtr> _release;

    private PdfNativeHandle(IntPtr handle, Action<IntPtr> release) : base(IntPtr.Zero, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    /// <summary>A GObject reference, released with <c>g_object_unref</c>.</summary>
    public static PdfNativeHandle GObject(IntPtr handle) => new(handle, GObjectNative.Unref);

    /// <summary>A cairo surface, released with <c>cairo_surface_destroy</c>.</summary>
    public static PdfNativeHandle CairoSurface(IntPtr handle) => new(handle, CairoNative.SurfaceDestroy);

    /// <summary>A cairo drawing context (<c>cairo_t</c>), released with <c>cairo_destroy</c>.</summary>
    public static PdfNativeHandle CairoContext(IntPtr handle) => new(handle, CairoNative.Destroy);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Cairo;
using PaddleInferenceSharp.Bindings.FreeType;
using PaddleInferenceSharp.Bindings.GLib;
using PaddleInferenceSharp.Bindings.TurboJpeg;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// Owns one object of a system library that the imaging code uses (a TurboJPEG instance, a FreeType library, a GObject
/// reference such as a poppler document or page, a cairo surface or drawing context) and releases it once with the
/// call its kind names. Made through the factory of its kind.
/// </summary>
internal sealed class NativeObjectHandle : SafeHandle
{
    private readonly Func<IntPtr, bool> _release;

    private NativeObjectHandle(IntPtr handle, Func<IntPtr, bool> release) : base(IntPtr.Zero, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    /// <summary>A TurboJPEG instance (<c>tjhandle</c>), released with <c>tjDestroy</c>.</summary>
    public static NativeObjectHandle TurboJpeg(IntPtr handle) => new(handle, static h => TurboJpegNative.Destroy(h) == 0);

    /// <summary>An <c>FT_Library</c>, released with <c>FT_Done_FreeType</c>.</summary>
    public static NativeObjectHandle FreeTypeLibrary(IntPtr handle) => new(handle, static h => FreeTypeNative.DoneFreeType(h) == 0);

    /// <summary>A GObject reference, released with <c>g_object_unref</c>.</summary>
    public static NativeObjectHandle GObject(IntPtr handle) => new(handle, static h =>
    {
        GObjectNative.Unref(h);
        return true;
    });

    /// <summary>A cairo surface, released with <c>cairo_surface_destroy</c>.</summary>
    public static NativeObjectHandle CairoSurface(IntPtr handle) => new(handle, static h =>
    {
        CairoNative.SurfaceDestroy(h);
        return true;
    });

    /// <summary>A cairo drawing context (<c>cairo_t</c>), released with <c>cairo_destroy</c>.</summary>
    public static NativeObjectHandle CairoContext(IntPtr handle) => new(handle, static h =>
    {
        CairoNative.Destroy(h);
        return true;
    });

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => _release(handle);
}

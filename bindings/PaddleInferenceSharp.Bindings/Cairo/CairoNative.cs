using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.Cairo;

/// <summary>Declarations of the cairo image-surface and drawing calls used to rasterise PDF pages (<c>cairo.h</c>).</summary>
/// <remarks>Cairo reports errors as a status on the surface or context; it never unwinds across the caller.</remarks>
internal static partial class CairoNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "cairo";

    /// <summary>CAIRO_STATUS_SUCCESS.</summary>
    public const int StatusSuccess = 0;

    /// <summary>CAIRO_FORMAT_RGB24: 32 bits per pixel, native-endian 0xXXRRGGBB (bytes B, G, R, X on little-endian machines).</summary>
    public const int FormatRgb24 = 1;

    /// <summary>cairo_format_stride_for_width: the row stride cairo needs for the format and width, or -1.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_format_stride_for_width")]
    public static partial int FormatStrideForWidth(int format, int width);

    /// <summary>cairo_image_surface_create_for_data: a surface drawing into caller-owned memory that must outlive it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_image_surface_create_for_data")]
    public static unsafe partial IntPtr ImageSurfaceCreateForData(byte* data, int format, int width, int height, int stride);

    /// <summary>cairo_surface_status.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_surface_status")]
    public static partial int SurfaceStatus(IntPtr surface);

    /// <summary>cairo_surface_flush: completes pending drawing so the memory holds the pixels.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_surface_flush")]
    public static partial void SurfaceFlush(IntPtr surface);

    /// <summary>cairo_surface_destroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_surface_destroy")]
    public static partial void SurfaceDestroy(IntPtr surface);

    /// <summary>cairo_create.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_create")]
    public static partial IntPtr Create(IntPtr surface);

    /// <summary>cairo_destroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_destroy")]
    public static partial void Destroy(IntPtr cairo);

    /// <summary>cairo_status.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_status")]
    public static partial int Status(IntPtr cairo);

    /// <summary>cairo_status_to_string: a static message for a status.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_status_to_string")]
    public static partial IntPtr StatusToString(int status);

    /// <summary>cairo_scale.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_scale")]
    public static partial void Scale(IntPtr cairo, double sx, double sy);

    /// <summary>cairo_set_source_rgb.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_set_source_rgb")]
    public static partial void SetSourceRgb(IntPtr cairo, double red, double green, double blue);

    /// <summary>cairo_paint.</summary>
    [LibraryImport(LibraryName, EntryPoint = "cairo_paint")]
    public static partial void Paint(IntPtr cairo);
}

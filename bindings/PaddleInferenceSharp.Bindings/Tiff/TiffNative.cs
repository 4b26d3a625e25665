using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.Tiff;

/// <summary>Declarations of the libtiff 4.5 calls used to decode TIFF from memory (<c>tiffio.h</c>).</summary>
/// <remarks>
/// libtiff reports errors through return codes and per-open error handlers (<c>TIFFOpenOptionsSetErrorHandlerExtR</c>);
/// it does not <c>longjmp</c>. <c>thandle_t</c> is the caller's client data; <c>tmsize_t</c> is signed pointer-sized,
/// <c>toff_t</c> is <c>uint64_t</c>.
/// </remarks>
internal static unsafe partial class TiffNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "tiff";

    /// <summary>TIFFTAG_IMAGEWIDTH.</summary>
    public const uint TagImageWidth = 256;
    /// <summary>TIFFTAG_IMAGELENGTH.</summary>
    public const uint TagImageLength = 257;
    /// <summary>ORIENTATION_TOPLEFT: row 0 at the top, column 0 at the left.</summary>
    public const int OrientationTopLeft = 1;

    /// <summary>TIFFOpenOptionsAlloc.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFOpenOptionsAlloc")]
    public static partial IntPtr OpenOptionsAlloc();

    /// <summary>TIFFOpenOptionsFree.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFOpenOptionsFree")]
    public static partial void OpenOptionsFree(IntPtr options);

    /// <summary>TIFFOpenOptionsSetMaxSingleMemAlloc: the largest single allocation libtiff may make (0 = unlimited).</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFOpenOptionsSetMaxSingleMemAlloc")]
    public static partial void OpenOptionsSetMaxSingleMemAlloc(IntPtr options, nint maxSingleMemAlloc);

    /// <summary>TIFFOpenOptionsSetErrorHandlerExtR: <c>int handler(TIFF*, void* userData, const char* module, const char* fmt, va_list)</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFOpenOptionsSetErrorHandlerExtR")]
    public static partial void OpenOptionsSetErrorHandlerExtR(IntPtr options, delegate* unmanaged<IntPtr, IntPtr, byte*, byte*, IntPtr, int> handler, IntPtr userData);

    /// <summary>TIFFOpenOptionsSetWarningHandlerExtR: same signature as the error handler.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFOpenOptionsSetWarningHandlerExtR")]
    public static partial void OpenOptionsSetWarningHandlerExtR(IntPtr options, delegate* unmanaged<IntPtr, IntPtr, byte*, byte*, IntPtr, int> handler, IntPtr userData);

    /// <summary>TIFFClientOpenExt: opens a TIFF through read/seek/close/size/map/unmap callbacks.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFClientOpenExt", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr ClientOpenExt(
        string name,
        string mode,
        IntPtr clientData,
        delegate* unmanaged<IntPtr, byte*, nint, nint> read,
        delegate* unmanaged<IntPtr, byte*, nint, nint> write,
        delegate* unmanaged<IntPtr, ulong, int, ulong> seek,
        delegate* unmanaged<IntPtr, int> close,
        delegate* unmanaged<IntPtr, ulong> size,
        delegate* unmanaged<IntPtr, byte**, ulong*, int> map,
        delegate* unmanaged<IntPtr, byte*, ulong, void> unmap,
        IntPtr options);

    /// <summary>TIFFClose.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFClose")]
    public static partial void Close(IntPtr tiff);

    /// <summary>TIFFGetField for a <c>uint32_t</c> tag (a variadic C function called with one pointer argument).</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFGetField")]
    public static partial int GetFieldUInt32(IntPtr tiff, uint tag, out uint value);

    /// <summary>TIFFReadRGBAImageOriented: the whole image as packed ABGR words (bytes R, G, B, A in memory), any photometric.</summary>
    [LibraryImport(LibraryName, EntryPoint = "TIFFReadRGBAImageOriented")]
    public static partial int ReadRgbaImageOriented(IntPtr tiff, uint width, uint height, uint* raster, int orientation, int stopOnError);
}

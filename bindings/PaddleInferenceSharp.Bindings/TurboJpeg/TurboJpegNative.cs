using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.TurboJpeg;

/// <summary>Declarations of the TurboJPEG 2.x API (<c>turbojpeg.h</c> of libjpeg-turbo).</summary>
/// <remarks>
/// TurboJPEG reports errors through return codes (it handles libjpeg's <c>longjmp</c> internally),
/// so no native unwinding crosses managed frames. <c>unsigned long</c> sizes are <see cref="CULong"/>.
/// </remarks>
internal static partial class TurboJpegNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "turbojpeg";

    /// <summary>TJPF_RGB.</summary>
    public const int PixelFormatRgb = 0;
    /// <summary>TJPF_BGR.</summary>
    public const int PixelFormatBgr = 1;
    /// <summary>TJPF_GRAY.</summary>
    public const int PixelFormatGray = 6;
    /// <summary>TJPF_CMYK.</summary>
    public const int PixelFormatCmyk = 11;

    /// <summary>TJCS_RGB.</summary>
    public const int ColorspaceRgb = 0;
    /// <summary>TJCS_YCbCr.</summary>
    public const int ColorspaceYCbCr = 1;
    /// <summary>TJCS_GRAY.</summary>
    public const int ColorspaceGray = 2;
    /// <summary>TJCS_CMYK.</summary>
    public const int ColorspaceCmyk = 3;
    /// <summary>TJCS_YCCK.</summary>
    public const int ColorspaceYcck = 4;

    /// <summary>TJSAMP_444.</summary>
    public const int Subsampling444 = 0;
    /// <summary>TJSAMP_420.</summary>
    public const int Subsampling420 = 2;

    /// <summary>TJFLAG_ACCURATEDCT.</summary>
    public const int FlagAccurateDct = 4096;
    /// <summary>TJFLAG_STOPONWARNING.</summary>
    public const int FlagStopOnWarning = 8192;
    /// <summary>TJFLAG_NOREALLOC.</summary>
    public const int FlagNoRealloc = 1024;

    /// <summary>TJERR_WARNING: the last error was a warning (the output may still be usable).</summary>
    public const int ErrorWarning = 0;

    /// <summary>tjInitDecompress.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    public static partial IntPtr InitDecompress();

    /// <summary>tjInitCompress.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjInitCompress")]
    public static partial IntPtr InitCompress();

    /// <summary>tjDestroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    public static partial int Destroy(IntPtr handle);

    /// <summary>tjDecompressHeader3.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    public static unsafe partial int DecompressHeader3(IntPtr handle, byte* jpegBuf, CULong jpegSize, out int width, out int height, out int jpegSubsamp, out int jpegColorspace);

    /// <summary>tjDecompress2.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    public static unsafe partial int Decompress2(IntPtr handle, byte* jpegBuf, CULong jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    /// <summary>tjBufSize: worst-case size of a JPEG image of the given size and subsampling.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjBufSize")]
    public static partial CULong BufSize(int width, int height, int jpegSubsamp);

    /// <summary>tjCompress2.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjCompress2")]
    public static unsafe partial int Compress2(IntPtr handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat, byte** jpegBuf, CULong* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    /// <summary>tjGetErrorStr2: message of the last error on <paramref name="handle"/> (owned by the library).</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    public static partial IntPtr GetErrorStr2(IntPtr handle);

    /// <summary>tjGetErrorCode: <see cref="ErrorWarning"/> or TJERR_FATAL.</summary>
    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorCode")]
    public static partial int GetErrorCode(IntPtr handle);
}

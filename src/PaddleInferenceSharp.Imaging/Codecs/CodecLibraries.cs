using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.LibC;
using PaddleInferenceSharp.Bindings.Tiff;
using PaddleInferenceSharp.Bindings.WebP;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Locates the system codec libraries used through P/Invoke: libwebp, libtiff, and the C library for message formatting.</summary>
internal static class CodecLibraries
{
    private static readonly Lazy<IntPtr> WebP = new(() => Load("webp", "7", "libwebp7", "libwebp"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> Tiff = new(() => Load("tiff", "6", "libtiff6", "libtiff"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> LibC = new(LoadLibC, LazyThreadSafetyMode.ExecutionAndPublication);

    static CodecLibraries()
    {
        NativeLibraryRegistry.Register(WebPNative.LibraryName, () => WebP.Value);
        NativeLibraryRegistry.Register(TiffNative.LibraryName, () => Tiff.Value);
        NativeLibraryRegistry.Register(LibCNative.LibraryName, () => LibC.Value);
    }

    /// <summary>Loads libwebp or throws <see cref="NativeLibraryNotFoundException"/> saying how to install it.</summary>
    public static void EnsureWebP() => _ = WebP.Value;

    /// <summary>Loads libtiff (and the C library) or throws <see cref="NativeLibraryNotFoundException"/> saying how to install it.</summary>
    public static void EnsureTiff()
    {
        _ = Tiff.Value;
        _ = LibC.Value;
    }

    private static IntPtr Load(string baseName, string soVersion, string debianPackage, string brewPackage)
    {
        var names = NativeLibraryProbe.PlatformFileNames(baseName, soVersion).Reverse().ToArray();
        return SystemLibrary.Load("lib" + baseName + " (" + names[0] + ")", names, $"Install it: 'apt-get install {debianPackage}' on Debian/Ubuntu, 'brew install {brewPackage}' on macOS.");
    }

    private static IntPtr LoadLibC()
    {
        var names = SystemLibrary.Names(["ucrtbase.dll", "msvcrt.dll"], ["libSystem.dylib"], ["libc.so.6", "libc.so"]);
        return SystemLibrary.Load("the C library (" + names[0] + ")", names, "It is part of the operating system; check the installation.", appLocal: false);
    }
}

using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.LibC;
using PaddleInferenceSharp.Bindings.Tiff;
using PaddleInferenceSharp.Bindings.WebP;
using PaddleInferenceSharp.Engine;

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
        return new NativeLibraryProbe(
                "lib" + baseName + " (" + names[0] + ")",
                $"Install it: 'apt-get install {debianPackage}' on Debian/Ubuntu, 'brew install {brewPackage}' on macOS.")
            .AddAppLocal(names)
            .AddSystemSearch(names)
            .Load().Handle;
    }

    private static IntPtr LoadLibC()
    {
        string[] names = OperatingSystem.IsWindows() ? ["ucrtbase.dll", "msvcrt.dll"] : OperatingSystem.IsMacOS() ? ["libSystem.dylib"] : ["libc.so.6", "libc.so"];
        return new NativeLibraryProbe("the C library (" + names[0] + ")", "It is part of the operating system; check the installation.")
            .AddSystemSearch(names)
            .Load().Handle;
    }
}

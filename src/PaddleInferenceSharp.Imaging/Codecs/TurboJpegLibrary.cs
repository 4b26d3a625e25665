using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.TurboJpeg;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Locates libjpeg-turbo's TurboJPEG library and pools its decompressor/compressor handles.</summary>
internal static class TurboJpegLibrary
{
    /// <summary>Environment variable naming the TurboJPEG library file explicitly.</summary>
    public const string PathVariable = "PADDLEINFERENCESHARP_TURBOJPEG_PATH";

    private static readonly Lazy<IntPtr> Handle = new(LoadLibrary, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentBag<NativeObjectHandle> Decompressors = [];
    private static readonly ConcurrentBag<NativeObjectHandle> Compressors = [];
    private const int MaxPooled = 16;

    static TurboJpegLibrary()
    {
        NativeLibraryRegistry.Register(TurboJpegNative.LibraryName, () => Handle.Value);
    }

    /// <summary>Makes sure the library is loaded; throws <see cref="NativeLibraryNotFoundException"/> otherwise.</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    public static NativeObjectHandle RentDecompressor() => Rent(Decompressors, decompress: true);

    public static void Return(NativeObjectHandle handle, bool decompress)
    {
        var bag = decompress ? Decompressors : Compressors;
        if (bag.Count < MaxPooled)
        {
            bag.Add(handle);
        }
        else
        {
            handle.Dispose();
        }
    }

    public static NativeObjectHandle RentCompressor() => Rent(Compressors, decompress: false);

    /// <summary>The library's message for the last error on <paramref name="handle"/>.</summary>
    public static string LastError(NativeObjectHandle handle)
    {
        var message = Marshal.PtrToStringUTF8(TurboJpegNative.GetErrorStr2(handle.DangerousGetHandle()));
        return string.IsNullOrEmpty(message) ? "unknown TurboJPEG error" : message;
    }

    private static NativeObjectHandle Rent(ConcurrentBag<NativeObjectHandle> bag, bool decompress)
    {
        EnsureLoaded();
        if (bag.TryTake(out var handle))
        {
            return handle;
        }

        var raw = decompress ? TurboJpegNative.InitDecompress() : TurboJpegNative.InitCompress();
        if (raw == IntPtr.Zero)
        {
            throw new InvalidOperationException("TurboJPEG could not create a " + (decompress ? "decompressor" : "compressor") + " (out of memory?).");
        }

        return NativeObjectHandle.TurboJpeg(raw);
    }

    private static IntPtr LoadLibrary()
    {
        var names = SystemLibrary.Names(["turbojpeg.dll"], ["libturbojpeg.0.dylib", "libturbojpeg.dylib"], ["libturbojpeg.so.0", "libturbojpeg.so"]);
        return SystemLibrary.Load(
            "libjpeg-turbo's TurboJPEG library (" + names[0] + ")",
            names,
            "Install it: 'apt-get install libturbojpeg0' on Debian/Ubuntu ('dnf install turbojpeg' on Fedora, 'brew install jpeg-turbo' on macOS), or set " + PathVariable + " to the library file.",
            PathVariable);
    }
}

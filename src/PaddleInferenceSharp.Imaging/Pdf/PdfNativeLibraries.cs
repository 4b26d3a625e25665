using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.Cairo;
using PaddleInferenceSharp.Bindings.GLib;
using PaddleInferenceSharp.Bindings.Poppler;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Locates the PDF renderer's shared libraries (poppler-glib, cairo and the GLib/GObject they sit on).</summary>
internal static class PdfNativeLibraries
{
    private const string InstallHint = "Install them: 'apt-get install libpoppler-glib8 libcairo2' on Debian/Ubuntu ('dnf install poppler-glib cairo' on Fedora, 'brew install poppler cairo' on macOS).";

    private static readonly Lazy<IntPtr> Poppler = new(() => Load("poppler-glib", "8"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> Cairo = new(() => Load("cairo", "2"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> GLib = new(() => Load("glib-2.0", "0"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IntPtr> GObject = new(() => Load("gobject-2.0", "0"), LazyThreadSafetyMode.ExecutionAndPublication);

    static PdfNativeLibraries()
    {
        NativeLibraryRegistry.Register(PopplerNative.LibraryName, () => Poppler.Value);
        NativeLibraryRegistry.Register(CairoNative.LibraryName, () => Cairo.Value);
        NativeLibraryRegistry.Register(GLibNative.LibraryName, () => GLib.Value);
        NativeLibraryRegistry.Register(GObjectNative.LibraryName, () => GObject.Value);
    }

    /// <summary>Loads all four libraries; throws <see cref="NativeLibraryNotFoundException"/> naming the missing one.</summary>
    public static void EnsureLoaded()
    {
        _ = Poppler.Value;
        _ = Cairo.Value;
        _ = GLib.Value;
        _ = GObject.Value;
    }

    private static IntPtr Load(string baseName, string soVersion)
    {
        var names = NativeLibraryProbe.PlatformFileNames(baseName, soVersion).Reverse().ToArray();
        return SystemLibrary.Load("the PDF renderer's " + baseName + " library (" + names[0] + ")", names, InstallHint);
    }
}

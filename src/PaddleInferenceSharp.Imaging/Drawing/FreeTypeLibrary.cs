using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.FreeType;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>Locates the FreeType library and creates its library and face handles.</summary>
internal static class FreeTypeLibrary
{
    /// <summary>Environment variable naming the FreeType library file explicitly.</summary>
    public const string PathVariable = "PADDLEINFERENCESHARP_FREETYPE_PATH";

    private static readonly Lazy<IntPtr> Handle = new(LoadLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    static FreeTypeLibrary()
    {
        NativeLibraryRegistry.Register(FreeTypeNative.LibraryName, () => Handle.Value);
    }

    /// <summary>A new FT_Library; throws <see cref="NativeLibraryNotFoundException"/> when FreeType cannot be loaded.</summary>
    public static NativeObjectHandle Create()
    {
        _ = Handle.Value;
        var error = FreeTypeNative.InitFreeType(out var library);
        if (error != 0)
        {
            throw new InvalidOperationException($"FT_Init_FreeType failed with FreeType error {error}.");
        }

        return NativeObjectHandle.FreeTypeLibrary(library);
    }

    private static IntPtr LoadLibrary()
    {
        var names = SystemLibrary.Names(["freetype.dll", "libfreetype-6.dll"], ["libfreetype.6.dylib", "libfreetype.dylib"], ["libfreetype.so.6", "libfreetype.so"]);
        return SystemLibrary.Load(
            "the FreeType library (" + names[0] + ")",
            names,
            "Install it: 'apt-get install libfreetype6' on Debian/Ubuntu ('dnf install freetype' on Fedora, 'brew install freetype' on macOS), or set " + PathVariable + " to the library file.",
            PathVariable);
    }
}

/// <summary>Owns one FT_Face; keeps its library alive until the face is released.</summary>
internal sealed class FreeTypeFaceHandle : SafeHandle
{
    private readonly NativeObjectHandle _library;
    private bool _libraryReferenced;

    public FreeTypeFaceHandle(NativeObjectHandle library) : base(IntPtr.Zero, ownsHandle: true) => _library = library;

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of an opened face; from here the library stays alive until the face is released.</summary>
    public void Attach(IntPtr face)
    {
        _library.DangerousAddRef(ref _libraryReferenced);
        SetHandle(face);
    }

    protected override bool ReleaseHandle()
    {
        var ok = FreeTypeNative.DoneFace(handle) == 0;
        if (_libraryReferenced)
        {
            _library.DangerousRelease();
        }

        return ok;
    }
}

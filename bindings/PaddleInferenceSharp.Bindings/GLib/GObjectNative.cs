using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.GLib;

/// <summary>GObject reference counting (<c>libgobject-2.0</c>).</summary>
internal static partial class GObjectNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "gobject-2.0";

    /// <summary>g_object_unref.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_object_unref")]
    public static partial void Unref(IntPtr instance);
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.GLib;

/// <summary>The few GLib (<c>libglib-2.0</c>) functions needed to hand data to GLib-based libraries and free their errors.</summary>
internal static unsafe partial class GLibNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "glib-2.0";

    /// <summary>g_bytes_new: a reference-counted copy of <paramref name="size"/> bytes.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_bytes_new")]
    public static partial IntPtr BytesNew(byte* data, nuint size);

    /// <summary>g_bytes_unref.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_bytes_unref")]
    public static partial void BytesUnref(IntPtr bytes);

    /// <summary>g_filename_to_uri: a <c>file://</c> URI for an absolute file name (free it with <see cref="Free"/>), or null with <paramref name="error"/> set.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_filename_to_uri", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr FilenameToUri(string filename, string? hostname, GError** error);

    /// <summary>g_free.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_free")]
    public static partial void Free(IntPtr memory);

    /// <summary>g_error_free.</summary>
    [LibraryImport(LibraryName, EntryPoint = "g_error_free")]
    public static partial void ErrorFree(GError* error);
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.LibC;

/// <summary>The C library's <c>vsnprintf</c>, used to format messages that native libraries pass as <c>fmt</c> + <c>va_list</c>.</summary>
internal static unsafe partial class LibCNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "c";

    /// <summary>vsnprintf: <paramref name="arguments"/> is the <c>va_list</c> received by a callback, passed through unchanged.</summary>
    [LibraryImport(LibraryName, EntryPoint = "vsnprintf")]
    public static partial int VsnPrintf(byte* buffer, nuint size, byte* format, IntPtr arguments);
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.GLib;

/// <summary>GLib's <c>GError</c> struct: the error domain, a domain-specific code and a UTF-8 message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GError
{
    /// <summary>GQuark of the error domain.</summary>
    public uint Domain;

    /// <summary>Error code within the domain.</summary>
    public int Code;

    /// <summary>The message (UTF-8, owned by the error).</summary>
    public IntPtr Message;
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.WebP;

/// <summary>Declarations of libwebp's simple decoding API (<c>webp/decode.h</c>).</summary>
/// <remarks>libwebp reports failures by return value (0 or null); it never unwinds across the caller.</remarks>
internal static unsafe partial class WebPNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "webp";

    /// <summary>WebPGetInfo: validates the header and reads the canvas size; 0 on a bad header.</summary>
    [LibraryImport(LibraryName, EntryPoint = "WebPGetInfo")]
    public static partial int GetInfo(byte* data, nuint dataSize, out int width, out int height);

    /// <summary>WebPDecodeBGRInto: decodes into caller memory as B, G, R (alpha dropped); null on failure.</summary>
    [LibraryImport(LibraryName, EntryPoint = "WebPDecodeBGRInto")]
    public static partial byte* DecodeBgrInto(byte* data, nuint dataSize, byte* output, nuint outputSize, int outputStride);

    /// <summary>WebPGetDecoderVersion: the version as 0xMMmmpp.</summary>
    [LibraryImport(LibraryName, EntryPoint = "WebPGetDecoderVersion")]
    public static partial int GetDecoderVersion();
}

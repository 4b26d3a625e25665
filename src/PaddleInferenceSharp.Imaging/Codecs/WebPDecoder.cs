using PaddleInferenceSharp.Bindings.WebP;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// WebP decoding through libwebp's simple API into B, G, R (alpha dropped without compositing), which is what OpenCV's
/// <c>imread(IMREAD_COLOR)</c> does. Animated WebP is not supported (OpenCV's <c>imread</c> does not read it either).
/// </summary>
internal static class WebPDecoder
{
    public static unsafe BgrImage Decode(ReadOnlyMemory<byte> data, string source, DecodeOptions options)
    {
        CodecLibraries.EnsureWebP();
        using var pin = data.Pin();
        var src = (byte*)pin.Pointer;
        if (WebPNative.GetInfo(src, (nuint)data.Length, out var width, out var height) == 0)
        {
            throw new ImageDecodeException(source, "corrupt or truncated WebP header");
        }

        ImageDecoder.CheckSize(source, width, height, options);
        var image = BgrImage.Create(width, height);
        fixed (byte* dst = image.Pixels)
        {
            if (WebPNative.DecodeBgrInto(src, (nuint)data.Length, dst, (nuint)image.Pixels.Length, image.Stride) == null)
            {
                image.Dispose();
                throw new ImageDecodeException(source, "truncated or corrupt WebP data, or an animated WebP (not supported)");
            }
        }

        return image;
    }
}

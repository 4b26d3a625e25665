using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.TurboJpeg;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// JPEG decoding through TurboJPEG with libjpeg's defaults (accurate integer DCT, fancy upsampling), which is what
/// OpenCV's <c>imread</c> uses, so pixels match PaddleX's.
/// </summary>
internal static class JpegDecoder
{
    public static unsafe BgrImage Decode(ReadOnlyMemory<byte> data, string source, DecodeOptions options)
    {
        var handle = TurboJpegLibrary.RentDecompressor();
        try
        {
            using var pin = data.Pin();
            var src = (byte*)pin.Pointer;
            var size = new CULong((nuint)data.Length);
            if (TurboJpegNative.DecompressHeader3(handle.DangerousGetHandle(), src, size, out var width, out var height, out _, out var colorspace) != 0)
            {
                throw new ImageDecodeException(source, "corrupt JPEG header: " + TurboJpegLibrary.LastError(handle));
            }

            ImageDecoder.CheckSize(source, width, height, options);
            var image = BgrImage.Create(width, height);
            try
            {
                if (colorspace is TurboJpegNative.ColorspaceCmyk or TurboJpegNative.ColorspaceYcck)
                {
                    DecodeCmyk(handle, src, size, image, source);
                }
                else
                {
                    fixed (byte* dst = image.Pixels)
                    {
                        var rc = TurboJpegNative.Decompress2(handle.DangerousGetHandle(), src, size, dst, width, image.Stride, height, TurboJpegNative.PixelFormatBgr, 0);
                        CheckDecompress(rc, handle, source);
                    }
                }
            }
            catch
            {
                image.Dispose();
                throw;
            }

            return image;
        }
        finally
        {
            TurboJpegLibrary.Return(handle, decompress: true);
        }
    }

    private static unsafe void DecodeCmyk(NativeObjectHandle handle, byte* src, CULong size, BgrImage image, string source)
    {
        var cmykStride = image.Width * 4;
        var buffer = PooledArrays.Rent<byte>(checked(cmykStride * image.Height));
        try
        {
            fixed (byte* dst = buffer)
            {
                var rc = TurboJpegNative.Decompress2(handle.DangerousGetHandle(), src, size, dst, image.Width, cmykStride, image.Height, TurboJpegNative.PixelFormatCmyk, 0);
                CheckDecompress(rc, handle, source);
            }

            // OpenCV's CMYK->BGR for (Adobe, inverted) CMYK JPEGs: channel = k - ((255 - c) * k >> 8).
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Row(y);
                var cmyk = buffer.AsSpan(y * cmykStride, cmykStride);
                for (var x = 0; x < image.Width; x++)
                {
                    int c = cmyk[4 * x], m = cmyk[4 * x + 1], ye = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
                    row[3 * x] = (byte)(k - (((255 - ye) * k) >> 8));
                    row[3 * x + 1] = (byte)(k - (((255 - m) * k) >> 8));
                    row[3 * x + 2] = (byte)(k - (((255 - c) * k) >> 8));
                }
            }
        }
        finally
        {
            PooledArrays.Return(buffer);
        }
    }

    private static void CheckDecompress(int rc, NativeObjectHandle handle, string source)
    {
        if (rc == 0)
        {
            return;
        }

        var message = TurboJpegLibrary.LastError(handle);
        if (TurboJpegNative.GetErrorCode(handle.DangerousGetHandle()) == TurboJpegNative.ErrorWarning
            && !message.Contains("Premature end", StringComparison.OrdinalIgnoreCase))
        {
            // Recoverable libjpeg warnings (e.g. extraneous bytes before a marker) leave a complete image, as in OpenCV.
            return;
        }

        var problem = message.Contains("Premature end", StringComparison.OrdinalIgnoreCase)
            ? "truncated JPEG data (" + message + ")"
            : "corrupt JPEG data: " + message;
        throw new ImageDecodeException(source, problem);
    }
}

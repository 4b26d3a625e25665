using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.TurboJpeg;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// JPEG encoding through TurboJPEG (<c>tjCompress2</c>). The defaults, quality 75 with 4:2:0 chroma subsampling,
/// are PIL's, which PaddleX saves result images with.
/// </summary>
public static class JpegEncoder
{
    /// <summary>PIL's default JPEG quality.</summary>
    public const int DefaultQuality = 75;

    /// <summary>Writes <paramref name="image"/> as a JPEG file.</summary>
    /// <exception cref="NativeLibraryNotFoundException">TurboJPEG cannot be loaded.</exception>
    public static void Save(BgrImage image, string path, int quality = DefaultQuality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        Encode(image, file, quality);
    }

    /// <summary>Encodes <paramref name="image"/> as JPEG (baseline, 4:2:0) into <paramref name="output"/>.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="output">Receives the JPEG bytes.</param>
    /// <param name="quality">1 (smallest) to 100 (best).</param>
    public static unsafe void Encode(BgrImage image, Stream output, int quality = DefaultQuality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var handle = TurboJpegLibrary.RentCompressor();
        try
        {
            // A worst-case buffer and TJFLAG_NOREALLOC: TurboJPEG writes into our memory and never allocates its own.
            var capacity = TurboJpegNative.BufSize(image.Width, image.Height, TurboJpegNative.Subsampling420).Value;
            if (capacity > (nuint)Array.MaxLength)
            {
                throw new ArgumentException($"A {image.Width}x{image.Height} image is too large to encode as one JPEG buffer.", nameof(image));
            }

            var buffer = PooledArrays.Rent<byte>((int)capacity);
            try
            {
                CULong size;
                fixed (byte* src = image.Pixels)
                fixed (byte* dst = buffer)
                {
                    var jpeg = dst;
                    size = new CULong(capacity);
                    var rc = TurboJpegNative.Compress2(handle.DangerousGetHandle(), src, image.Width, image.Stride, image.Height, TurboJpegNative.PixelFormatBgr,
                        &jpeg, &size, TurboJpegNative.Subsampling420, quality, TurboJpegNative.FlagNoRealloc);
                    if (rc != 0)
                    {
                        throw new InvalidOperationException($"TurboJPEG could not encode a {image.Width}x{image.Height} image: {TurboJpegLibrary.LastError(handle)}");
                    }
                }

                output.Write(buffer, 0, (int)size.Value);
            }
            finally
            {
                PooledArrays.Return(buffer);
            }
        }
        finally
        {
            TurboJpegLibrary.Return(handle, decompress: false);
        }
    }
}

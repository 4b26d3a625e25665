using System.Buffers.Binary;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and its application to the decoded
/// pixels. OpenCV's <c>imread</c> — and so PaddleX — applies it by default (unless <c>IMREAD_IGNORE_ORIENTATION</c>),
/// with the same flips and transposes as here.
/// </summary>
public static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;

    /// <summary>The orientation (1 to 8) recorded in a JPEG file; 1 (as stored) when absent or unreadable.</summary>
    public static int ReadFromJpeg(ReadOnlySpan<byte> jpeg)
    {
        var offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF)
        {
            var marker = jpeg[offset + 1];
            if (marker is 0xDA or 0xD9)
            {
                break;
            }

            if (marker is 0xFF or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                offset += marker == 0xFF ? 1 : 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(offset + 2)..]);
            if (length < 2 || offset + 2 + length > jpeg.Length)
            {
                break;
            }

            var segment = jpeg.Slice(offset + 4, length - 2);
            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
            {
                return ReadFromTiffHeader(segment[6..]);
            }

            offset += 2 + length;
        }

        return 1;
    }

    /// <summary>Returns <paramref name="image"/> itself for orientation 1 (or an invalid value), else a new transformed image and disposes the input.</summary>
    /// <param name="image">The decoded pixels as stored.</param>
    /// <param name="orientation">The EXIF orientation: 2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 counter-clockwise.</param>
    public static BgrImage Apply(BgrImage image, int orientation)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        var swap = orientation >= 5;
        var output = BgrImage.Create(swap ? h : w, swap ? w : h);
        var outStride = output.Stride;

        // Where input pixel (x, y) lands, (ox, oy), and how far it moves in the output as x grows by one.
        var (stepX, stepY) = orientation switch
        {
            2 or 3 => (-1, 0),
            4 => (1, 0),
            5 or 6 => (0, 1),
            _ => (0, -1),
        };
        var step = 3 * stepX + outStride * stepY;
        var dst = output.Pixels;
        for (var y = 0; y < h; y++)
        {
            var (ox, oy) = orientation switch
            {
                2 => (w - 1, y),
                3 => (w - 1, h - 1 - y),
                4 => (0, h - 1 - y),
                5 => (y, 0),
                6 => (h - 1 - y, 0),
                7 => (h - 1 - y, w - 1),
                _ => (y, w - 1),
            };
            var row = image.Row(y);
            var o = oy * outStride + 3 * ox;
            for (var x = 0; x < w; x++, o += step)
            {
                dst[o] = row[3 * x];
                dst[o + 1] = row[3 * x + 1];
                dst[o + 2] = row[3 * x + 2];
            }
        }

        image.Dispose();
        return output;
    }

    private static int ReadFromTiffHeader(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        var little = tiff.StartsWith("II"u8);
        if (!little && !tiff.StartsWith("MM"u8))
        {
            return 1;
        }

        var ifd = ReadUInt32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return 1;
        }

        var count = ReadUInt16(tiff[(int)ifd..], little);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            if (ReadUInt16(tiff[entry..], little) == OrientationTag && ReadUInt16(tiff[(entry + 2)..], little) == 3)
            {
                var value = ReadUInt16(tiff[(entry + 8)..], little);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, bool little)
        => little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint ReadUInt32(ReadOnlySpan<byte> data, bool little)
        => little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}

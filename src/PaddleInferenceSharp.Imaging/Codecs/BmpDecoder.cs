using System.Buffers.Binary;
using System.Numerics;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// Managed Windows bitmap decoding: core, info and V4/V5 headers; 1, 4 and 8-bit palettes (uncompressed, RLE4, RLE8);
/// 16-bit (5-5-5 or bit fields); 24-bit; 32-bit (alpha dropped); bottom-up and top-down rows. Channels narrower than
/// 8 bits are shifted up without replicating their high bits (<c>v &lt;&lt; 3</c> for 5 bits), as OpenCV's BMP decoder does.
/// </summary>
internal static class BmpDecoder
{
    private const int FileHeaderSize = 14;
    private const uint BiRgb = 0, BiRle8 = 1, BiRle4 = 2, BiBitFields = 3, BiAlphaBitFields = 6;

    public static BgrImage Decode(ReadOnlyMemory<byte> memory, string source, DecodeOptions options)
    {
        var data = memory.Span;
        if (data.Length < FileHeaderSize + 12)
        {
            throw new ImageDecodeException(source, $"truncated BMP header ({data.Length} bytes)");
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        int width, height, bitsPerPixel;
        uint compression = BiRgb, colorsUsed = 0;
        var paletteEntrySize = 4;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
            paletteEntrySize = 3;
        }
        else if (headerSize is >= 40 and <= 1024)
        {
            if (data.Length < FileHeaderSize + 40)
            {
                throw new ImageDecodeException(source, $"truncated BMP header ({data.Length} bytes)");
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
            colorsUsed = BinaryPrimitives.ReadUInt32LittleEndian(data[46..]);
        }
        else
        {
            throw new ImageDecodeException(source, $"unsupported BMP header size {headerSize}");
        }

        var topDown = height < 0;
        height = Math.Abs(height);
        ImageDecoder.CheckSize(source, width, height, options);
        if (compression is not (BiRgb or BiRle8 or BiRle4 or BiBitFields or BiAlphaBitFields))
        {
            throw new ImageDecodeException(source, $"unsupported BMP compression {compression} (supported: none, RLE8, RLE4, bit fields)");
        }

        if (bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32)
            || (compression == BiRle8 && bitsPerPixel != 8) || (compression == BiRle4 && bitsPerPixel != 4)
            || (compression is BiBitFields or BiAlphaBitFields && bitsPerPixel is not (16 or 32)))
        {
            throw new ImageDecodeException(source, $"unsupported BMP bit depth {bitsPerPixel} with compression {compression}");
        }

        var masksOffset = FileHeaderSize + 40;
        var masks = bitsPerPixel == 16 ? new uint[] { 0x7C00, 0x03E0, 0x001F } : [0x00FF0000, 0x0000FF00, 0x000000FF];
        if (compression is BiBitFields or BiAlphaBitFields)
        {
            if (data.Length < masksOffset + 12)
            {
                throw new ImageDecodeException(source, "truncated BMP bit-field masks");
            }

            for (var i = 0; i < 3; i++)
            {
                masks[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(masksOffset + 4 * i)..]);
            }
        }

        var palette = bitsPerPixel <= 8 ? ReadPalette(data, source, FileHeaderSize + (int)headerSize, paletteEntrySize, colorsUsed, bitsPerPixel) : [];
        if (pixelOffset >= data.Length)
        {
            throw new ImageDecodeException(source, $"truncated BMP: the pixel data offset {pixelOffset} is past the end of the {data.Length}-byte file");
        }

        var pixels = data[(int)pixelOffset..];
        var image = BgrImage.Create(width, height);
        try
        {
            if (compression is BiRle8 or BiRle4)
            {
                DecodeRle(pixels, image, palette, compression == BiRle4, topDown, source);
            }
            else
            {
                DecodeUncompressed(pixels, image, palette, bitsPerPixel, masks, topDown, source);
            }
        }
        catch
        {
            image.Dispose();
            throw;
        }

        return image;
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> data, string source, int offset, int entrySize, uint colorsUsed, int bitsPerPixel)
    {
        var count = colorsUsed == 0 || colorsUsed > (1u << bitsPerPixel) ? 1 << bitsPerPixel : (int)colorsUsed;
        if (offset + count * entrySize > data.Length)
        {
            throw new ImageDecodeException(source, "truncated BMP palette");
        }

        // Indices past the palette read as black.
        var palette = new byte[3 << bitsPerPixel];
        for (var i = 0; i < count; i++)
        {
            data.Slice(offset + i * entrySize, 3).CopyTo(palette.AsSpan(3 * i));
        }

        return palette;
    }

    private static void DecodeUncompressed(ReadOnlySpan<byte> pixels, BgrImage image, byte[] palette, int bitsPerPixel, uint[] masks, bool topDown, string source)
    {
        var stride = (int)(((long)image.Width * bitsPerPixel + 31) / 32 * 4);
        var needed = (long)stride * (image.Height - 1) + ((long)image.Width * bitsPerPixel + 7) / 8;
        if (pixels.Length < needed)
        {
            throw new ImageDecodeException(source, $"truncated BMP pixel data ({pixels.Length} of {needed} bytes)");
        }

        Span<int> shifts = stackalloc int[3];
        Span<int> bits = stackalloc int[3];
        for (var c = 0; c < 3; c++)
        {
            shifts[c] = masks[c] == 0 ? 0 : BitOperations.TrailingZeroCount(masks[c]);
            bits[c] = BitOperations.PopCount(masks[c]);
        }

        var standard32 = bitsPerPixel == 32 && masks[0] == 0x00FF0000 && masks[1] == 0x0000FF00 && masks[2] == 0x000000FF;
        for (var y = 0; y < image.Height; y++)
        {
            var src = pixels.Slice(stride * (topDown ? y : image.Height - 1 - y));
            var dst = image.Row(y);
            switch (bitsPerPixel)
            {
                case 24:
                    src[..(3 * image.Width)].CopyTo(dst);
                    break;
                case 32 when standard32:
                    PixelConversions.ToBgr(src[..(4 * image.Width)], dst, PixelFormat.Bgra32);
                    break;
                case 16 or 32:
                    for (var x = 0; x < image.Width; x++)
                    {
                        var v = bitsPerPixel == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * x)..]) : BinaryPrimitives.ReadUInt32LittleEndian(src[(4 * x)..]);
                        dst[3 * x + 2] = Channel(v, masks[0], shifts[0], bits[0]);
                        dst[3 * x + 1] = Channel(v, masks[1], shifts[1], bits[1]);
                        dst[3 * x] = Channel(v, masks[2], shifts[2], bits[2]);
                    }

                    break;
                default:
                    var perByte = 8 / bitsPerPixel;
                    var valueMask = (1 << bitsPerPixel) - 1;
                    for (var x = 0; x < image.Width; x++)
                    {
                        var shift = 8 - bitsPerPixel * (x % perByte + 1);
                        var index = (src[x / perByte] >> shift) & valueMask;
                        palette.AsSpan(3 * index, 3).CopyTo(dst.Slice(3 * x, 3));
                    }

                    break;
            }
        }
    }

    private static byte Channel(uint value, uint mask, int shift, int bits)
    {
        var v = (value & mask) >> shift;
        return (byte)(bits >= 8 ? v >> (bits - 8) : v << (8 - bits));
    }

    /// <summary>RLE8/RLE4: runs, absolute runs, end of line, end of bitmap and deltas; pixels not written stay palette entry 0.</summary>
    private static void DecodeRle(ReadOnlySpan<byte> data, BgrImage image, byte[] palette, bool fourBit, bool topDown, string source)
    {
        var indices = PooledArrays.Rent<byte>(image.Width * image.Height);
        try
        {
            var map = indices.AsSpan(0, image.Width * image.Height);
            map.Clear();
            int x = 0, y = 0, i = 0;
            while (true)
            {
                if (i + 2 > data.Length)
                {
                    throw new ImageDecodeException(source, "truncated BMP RLE data");
                }

                int count = data[i], value = data[i + 1];
                i += 2;
                if (count > 0)
                {
                    for (var k = 0; k < count; k++)
                    {
                        Put(map, image, x + k, y, fourBit ? (k % 2 == 0 ? value >> 4 : value & 15) : value);
                    }

                    x += count;
                }
                else if (value == 0)
                {
                    (x, y) = (0, y + 1);
                }
                else if (value == 1)
                {
                    break;
                }
                else if (value == 2)
                {
                    if (i + 2 > data.Length)
                    {
                        throw new ImageDecodeException(source, "truncated BMP RLE data");
                    }

                    x += data[i];
                    y += data[i + 1];
                    i += 2;
                }
                else
                {
                    var bytes = fourBit ? (value + 1) / 2 : value;
                    if (i + bytes > data.Length)
                    {
                        throw new ImageDecodeException(source, "truncated BMP RLE data");
                    }

                    for (var k = 0; k < value; k++)
                    {
                        Put(map, image, x + k, y, fourBit ? (k % 2 == 0 ? data[i + k / 2] >> 4 : data[i + k / 2] & 15) : data[i + k]);
                    }

                    x += value;
                    i += (bytes + 1) & ~1;
                }

                if (y >= image.Height)
                {
                    break;
                }
            }

            for (var row = 0; row < image.Height; row++)
            {
                var dst = image.Row(topDown ? row : image.Height - 1 - row);
                var src = map.Slice(row * image.Width, image.Width);
                for (var col = 0; col < image.Width; col++)
                {
                    palette.AsSpan(3 * src[col], 3).CopyTo(dst.Slice(3 * col, 3));
                }
            }
        }
        finally
        {
            PooledArrays.Return(indices);
        }
    }

    private static void Put(Span<byte> map, BgrImage image, int x, int y, int index)
    {
        if (x < image.Width && y < image.Height)
        {
            map[y * image.Width + x] = (byte)index;
        }
    }
}

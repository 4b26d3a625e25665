using System.Buffers.Binary;
using System.IO.Compression;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// Managed PNG decoder (all bit depths and colour types, Adam7 interlacing) that produces what OpenCV's
/// <c>imread(IMREAD_COLOR)</c> produces: gray expanded to three channels, palettes expanded, alpha dropped
/// without compositing, 16-bit samples reduced to their high byte (libpng's strip_16).
/// </summary>
internal static class PngDecoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Adam7 passes: start x, start y, step x, step y.
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    public static BgrImage Decode(ReadOnlyMemory<byte> data, string source, DecodeOptions options)
    {
        var span = data.Span;
        if (!span.StartsWith(Signature))
        {
            throw new ImageDecodeException(source, "not a PNG file (bad signature)");
        }

        Header? header = null;
        byte[]? palette = null;
        var idat = new List<(int Offset, int Length)>();
        var pos = Signature.Length;
        var sawEnd = false;
        while (pos < span.Length && !sawEnd)
        {
            if (span.Length - pos < 12)
            {
                throw new ImageDecodeException(source, $"truncated: incomplete chunk header at byte {pos}");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            var type = span.Slice(pos + 4, 4);
            var typeName = System.Text.Encoding.ASCII.GetString(type);
            if (length > int.MaxValue || length > (uint)(span.Length - pos - 12))
            {
                throw new ImageDecodeException(source, $"truncated: chunk '{typeName}' at byte {pos} declares {length} bytes but only {Math.Max(0, span.Length - pos - 12)} remain");
            }

            var body = span.Slice(pos + 8, (int)length);
            var isCritical = (type[0] & 0x20) == 0;
            if (isCritical && !type.SequenceEqual("IDAT"u8))
            {
                var stored = BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 8 + (int)length)..]);
                if (stored != Crc32.Compute(span.Slice(pos + 4, 4 + (int)length)))
                {
                    throw new ImageDecodeException(source, $"corrupt: CRC mismatch in chunk '{typeName}' at byte {pos}");
                }
            }

            if (header is null && !type.SequenceEqual("IHDR"u8))
            {
                throw new ImageDecodeException(source, $"corrupt: first chunk is '{typeName}', expected IHDR");
            }

            if (type.SequenceEqual("IHDR"u8))
            {
                header = ReadHeader(body, source, options);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (length % 3 != 0 || length == 0 || length > 768)
                {
                    throw new ImageDecodeException(source, $"corrupt: PLTE chunk of {length} bytes (must be 3 to 768, a multiple of 3)");
                }

                palette = body.ToArray();
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Add((pos + 8, (int)length));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }
            else if (isCritical)
            {
                throw new ImageDecodeException(source, $"unsupported critical chunk '{typeName}' at byte {pos}");
            }

            pos += 12 + (int)length;
        }

        if (header is null)
        {
            throw new ImageDecodeException(source, "truncated: no IHDR chunk");
        }

        if (idat.Count == 0)
        {
            throw new ImageDecodeException(source, "truncated: no image data (IDAT) chunk");
        }

        var h = header.Value;
        if (h.ColorType == 3 && palette is null)
        {
            throw new ImageDecodeException(source, "corrupt: palette image without a PLTE chunk");
        }

        var image = BgrImage.Create(h.Width, h.Height);
        try
        {
            using var compressed = new ChunkStream(data, idat);
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            if (h.Interlaced)
            {
                DecodeInterlaced(zlib, h, palette, image, source);
            }
            else
            {
                DecodePass(zlib, h, palette, image, source, 0, 0, 1, 1, h.Width, h.Height);
            }
        }
        catch (InvalidDataException ex)
        {
            image.Dispose();
            throw new ImageDecodeException(source, $"corrupt compressed image data: {ex.Message}", ex);
        }
        catch
        {
            image.Dispose();
            throw;
        }

        return image;
    }

    private static Header ReadHeader(ReadOnlySpan<byte> body, string source, DecodeOptions options)
    {
        if (body.Length != 13)
        {
            throw new ImageDecodeException(source, $"corrupt: IHDR has {body.Length} bytes, expected 13");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        var depth = body[8];
        var colorType = body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new ImageDecodeException(source, $"invalid declared size {width}x{height}");
        }

        ImageDecoder.CheckSize(source, width, height, options);
        var valid = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            2 or 4 or 6 => depth is 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => false,
        };
        if (!valid)
        {
            throw new ImageDecodeException(source, $"corrupt: invalid colour type {colorType} with bit depth {depth}");
        }

        if (body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw new ImageDecodeException(source, $"corrupt: unknown compression {body[10]}, filter {body[11]} or interlace {body[12]} method");
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        return new Header((int)width, (int)height, depth, colorType, channels, body[12] == 1, options.SixteenBitReduction == SampleReduction.Scaled);
    }

    private static void DecodeInterlaced(Stream zlib, Header h, byte[]? palette, BgrImage image, string source)
    {
        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            var passWidth = (h.Width - x0 + dx - 1) / dx;
            var passHeight = (h.Height - y0 + dy - 1) / dy;
            if (passWidth > 0 && passHeight > 0)
            {
                DecodePass(zlib, h, palette, image, source, x0, y0, dx, dy, passWidth, passHeight);
            }
        }
    }

    private static void DecodePass(Stream zlib, Header h, byte[]? palette, BgrImage image, string source, int x0, int y0, int dx, int dy, int width, int height)
    {
        var bitsPerPixel = h.Channels * h.Depth;
        var rowBytes = (int)(((long)width * bitsPerPixel + 7) / 8);
        var filterStride = Math.Max(1, bitsPerPixel / 8);
        var current = PooledArrays.Rent<byte>(rowBytes + 1);
        var previous = PooledArrays.Rent<byte>(rowBytes + 1);
        var scatter = dx == 1 ? null : PooledArrays.Rent<byte>(width * 3);
        try
        {
            previous.AsSpan(0, rowBytes + 1).Clear();
            for (var row = 0; row < height; row++)
            {
                var filled = zlib.ReadAtLeast(current.AsSpan(0, rowBytes + 1), rowBytes + 1, throwOnEndOfStream: false);
                if (filled < rowBytes + 1)
                {
                    throw new ImageDecodeException(source, $"truncated: image data ends at row {y0 + row * dy} of {h.Height}");
                }

                var line = current.AsSpan(1, rowBytes);
                PngFilters.Unfilter(current[0], line, previous.AsSpan(1, rowBytes), filterStride, source, y0 + row * dy);
                var y = y0 + row * dy;
                if (scatter is null)
                {
                    ConvertRow(line, image.Row(y), h, palette, width, source);
                }
                else
                {
                    var packed = scatter.AsSpan(0, width * 3);
                    ConvertRow(line, packed, h, palette, width, source);
                    var target = image.Row(y);
                    for (var i = 0; i < width; i++)
                    {
                        var x = x0 + i * dx;
                        target[3 * x] = packed[3 * i];
                        target[3 * x + 1] = packed[3 * i + 1];
                        target[3 * x + 2] = packed[3 * i + 2];
                    }
                }

                (current, previous) = (previous, current);
            }
        }
        finally
        {
            PooledArrays.Return(current);
            PooledArrays.Return(previous);
            if (scatter is not null)
            {
                PooledArrays.Return(scatter);
            }
        }
    }

    private static void ConvertRow(ReadOnlySpan<byte> line, Span<byte> bgr, Header h, byte[]? palette, int width, string source)
    {
        switch (h.ColorType, h.Depth)
        {
            case (2, 8):
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = line[3 * x + 2];
                    bgr[3 * x + 1] = line[3 * x + 1];
                    bgr[3 * x + 2] = line[3 * x];
                }

                return;
            case (6, 8):
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = line[4 * x + 2];
                    bgr[3 * x + 1] = line[4 * x + 1];
                    bgr[3 * x + 2] = line[4 * x];
                }

                return;
            case (2, 16):
            case (6, 16):
                var step = h.Channels * 2;
                for (var x = 0; x < width; x++)
                {
                    bgr[3 * x] = Reduce(line, step * x + 4, h.ScaleSixteen);
                    bgr[3 * x + 1] = Reduce(line, step * x + 2, h.ScaleSixteen);
                    bgr[3 * x + 2] = Reduce(line, step * x, h.ScaleSixteen);
                }

                return;
            case (0, 8):
            case (4, 8):
                for (var x = 0; x < width; x++)
                {
                    var g = line[h.Channels * x];
                    bgr[3 * x] = g;
                    bgr[3 * x + 1] = g;
                    bgr[3 * x + 2] = g;
                }

                return;
            case (0, 16):
            case (4, 16):
                for (var x = 0; x < width; x++)
                {
                    var g = Reduce(line, h.Channels * 2 * x, h.ScaleSixteen);
                    bgr[3 * x] = g;
                    bgr[3 * x + 1] = g;
                    bgr[3 * x + 2] = g;
                }

                return;
            case (0, _):
                var scale = h.Depth switch { 1 => 255, 2 => 85, _ => 17 };
                for (var x = 0; x < width; x++)
                {
                    var g = (byte)(Sample(line, x, h.Depth) * scale);
                    bgr[3 * x] = g;
                    bgr[3 * x + 1] = g;
                    bgr[3 * x + 2] = g;
                }

                return;
            case (3, _):
                var entries = palette!.Length / 3;
                for (var x = 0; x < width; x++)
                {
                    var index = h.Depth == 8 ? line[x] : Sample(line, x, h.Depth);
                    if (index >= entries)
                    {
                        throw new ImageDecodeException(source, $"corrupt: palette index {index} but the palette has {entries} entries");
                    }

                    bgr[3 * x] = palette[3 * index + 2];
                    bgr[3 * x + 1] = palette[3 * index + 1];
                    bgr[3 * x + 2] = palette[3 * index];
                }

                return;
            default:
                throw new ImageDecodeException(source, $"unsupported colour type {h.ColorType} with depth {h.Depth}");
        }
    }

    // A big-endian 16-bit sample reduced to 8 bits: high byte (libpng strip_16) or rescaled and truncated (v / 257).
    private static byte Reduce(ReadOnlySpan<byte> line, int offset, bool scale)
    {
        if (!scale)
        {
            return line[offset];
        }

        var v = (line[offset] << 8) | line[offset + 1];
        return (byte)(v / 257);
    }

    // A sub-byte sample (1, 2 or 4 bits), most significant bits first.
    private static int Sample(ReadOnlySpan<byte> line, int index, int depth)
    {
        var bit = index * depth;
        var shift = 8 - depth - (bit & 7);
        return (line[bit >> 3] >> shift) & ((1 << depth) - 1);
    }

    private readonly record struct Header(int Width, int Height, int Depth, int ColorType, int Channels, bool Interlaced, bool ScaleSixteen);

    /// <summary>Reads the IDAT chunk bodies as one stream, without copying them together.</summary>
    private sealed class ChunkStream(ReadOnlyMemory<byte> data, List<(int Offset, int Length)> chunks) : Stream
    {
        private int _chunk;
        private int _offsetInChunk;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_chunk < chunks.Count)
            {
                var (start, length) = chunks[_chunk];
                var remaining = length - _offsetInChunk;
                if (remaining > 0)
                {
                    var n = Math.Min(remaining, buffer.Length);
                    data.Span.Slice(start + _offsetInChunk, n).CopyTo(buffer);
                    _offsetInChunk += n;
                    return n;
                }

                _chunk++;
                _offsetInChunk = 0;
            }

            return 0;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

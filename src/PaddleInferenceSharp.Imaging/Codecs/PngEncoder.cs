using System.Buffers.Binary;
using System.IO.Compression;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>Managed PNG encoder: 8-bit RGB, non-interlaced, Up filter on every row, zlib compression.</summary>
public static class PngEncoder
{
    /// <summary>Writes <paramref name="image"/> as a PNG file.</summary>
    public static void Save(BgrImage image, string path, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var file = File.Create(path);
        Encode(image, file, level);
    }

    /// <summary>Encodes <paramref name="image"/> as PNG into <paramref name="output"/>.</summary>
    public static void Encode(BgrImage image, Stream output, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        header[10] = header[11] = header[12] = 0;
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            var stride = image.Width * 3;
            var line = PooledArrays.Rent<byte>(stride + 1);
            var previous = PooledArrays.Rent<byte>(stride);
            try
            {
                Array.Clear(previous, 0, stride);
                for (var y = 0; y < image.Height; y++)
                {
                    var row = image.Row(y);
                    line[0] = 2; // Up
                    for (var x = 0; x < image.Width; x++)
                    {
                        // BGR -> RGB, then subtract the pixel above.
                        var r = row[3 * x + 2];
                        var g = row[3 * x + 1];
                        var b = row[3 * x];
                        line[1 + 3 * x] = (byte)(r - previous[3 * x]);
                        line[2 + 3 * x] = (byte)(g - previous[3 * x + 1]);
                        line[3 + 3 * x] = (byte)(b - previous[3 * x + 2]);
                        previous[3 * x] = r;
                        previous[3 * x + 1] = g;
                        previous[3 * x + 2] = b;
                    }

                    zlib.Write(line, 0, stride + 1);
                }
            }
            finally
            {
                PooledArrays.Return(line);
                PooledArrays.Return(previous);
            }
        }

        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}

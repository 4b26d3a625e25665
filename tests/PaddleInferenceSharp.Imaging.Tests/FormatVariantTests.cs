using System.Buffers.Binary;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>BMP, TIFF and WebP variants written by ImageMagick, cwebp and tiffcp, and EXIF-oriented JPEGs, against ImageMagick's decode.</summary>
public sealed class FormatVariantTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("formats");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private string Plasma(string name, int seed = 11, string size = "101x67")
    {
        var path = Path.Combine(_dir, name);
        ImageMagick.Run("-size", size, "plasma:fractal", "-seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "-depth", "8", path);
        return path;
    }

    [TestCase("BMP3:", "", 0, TestName = "Bmp_24_bit")]
    [TestCase("BMP:", "-alpha set -channel A -evaluate set 60% +channel", 0, TestName = "Bmp_32_bit_with_alpha_bit_fields")]
    [TestCase("BMP3:", "-colors 200 -type Palette", 0, TestName = "Bmp_8_bit_palette")]
    [TestCase("BMP3:", "-colors 12 -compress RLE", 0, TestName = "Bmp_8_bit_rle")]
    [TestCase("BMP3:", "-colors 16 -type Palette -depth 4", 0, TestName = "Bmp_4_bit_palette")]
    [TestCase("BMP3:", "-monochrome", 0, TestName = "Bmp_1_bit")]
    [TestCase("BMP:", "-define bmp:subtype=RGB565", 8, TestName = "Bmp_16_bit_565")]
    [TestCase("BMP:", "-define bmp:subtype=RGB555", 8, TestName = "Bmp_16_bit_555")]
    [TestCase("BMP2:", "", 0, TestName = "Bmp_core_header")]
    public void Bmp_variants_decode_to_ImageMagicks_pixels(string format, string options, int tolerance)
    {
        // 16-bit channels: OpenCV (and we) shift 5 bits up (v << 3); ImageMagick rescales (v * 255 / 31), up to 7 apart.
        var source = Plasma("src.png");
        var path = Path.Combine(_dir, "v.bmp");
        ImageMagick.Run([source, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), format + path]);
        using var ours = ImageDecoder.DecodeFile(path);
        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(PixelComparison.CountDifferences(ours, rgb, tolerance), Is.Zero);
    }

    [Test]
    public void Top_down_bmp_decodes_like_the_bottom_up_one()
    {
        var path = Path.Combine(_dir, "b.bmp");
        ImageMagick.Run(Plasma("src.png"), "BMP3:" + path);
        var bytes = File.ReadAllBytes(path);
        var offset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10));
        var width = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(18));
        var height = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(22));
        var stride = (width * 3 + 3) / 4 * 4;
        var topDown = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(topDown.AsSpan(22), -height);
        for (var y = 0; y < height; y++)
        {
            bytes.AsSpan(offset + y * stride, stride).CopyTo(topDown.AsSpan(offset + (height - 1 - y) * stride));
        }

        using var expected = ImageDecoder.Decode(bytes, "b.bmp");
        using var actual = ImageDecoder.Decode(topDown, "top-down.bmp");
        Assert.That(actual.Pixels.SequenceEqual(expected.Pixels), Is.True);
    }

    [TestCase("None", "", 0, TestName = "Tiff_uncompressed_rgb")]
    [TestCase("LZW", "", 0, TestName = "Tiff_lzw")]
    [TestCase("Zip", "", 0, TestName = "Tiff_deflate")]
    [TestCase("JPEG", "", 3, TestName = "Tiff_jpeg")]
    // 16-bit samples: libtiff rounds v * 255 / 65535, OpenCV rounds v / 256 and ImageMagick rescales; at most 1 apart.
    [TestCase("None", "-depth 16", 1, TestName = "Tiff_16_bit")]
    [TestCase("LZW", "-colorspace Gray", 0, TestName = "Tiff_gray")]
    // 16-bit colour maps: libtiff (as OpenCV uses it) and ImageMagick reduce the entries differently, at most 1 apart.
    [TestCase("None", "-colors 50 -type Palette", 1, TestName = "Tiff_palette")]
    [TestCase("None", "-monochrome", 0, TestName = "Tiff_bilevel")]
    [TestCase("LZW", "-define tiff:tile-geometry=32x32", 0, TestName = "Tiff_tiled")]
    public void Tiff_variants_decode_to_ImageMagicks_pixels(string compression, string options, int tolerance)
    {
        var path = Path.Combine(_dir, "v.tif");
        ImageMagick.Run([Plasma("src.png"), "-compress", compression, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), path]);
        using var ours = ImageDecoder.DecodeFile(path);
        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(PixelComparison.CountDifferences(ours, rgb, tolerance), Is.Zero);
    }

    [TestCase("-c", "packbits", TestName = "Tiffcp_packbits_strips")]
    [TestCase("-c", "zip", TestName = "Tiffcp_deflate")]
    [TestCase("-t", "-w", TestName = "Tiffcp_tiles")]
    [TestCase("-8", "", TestName = "Tiffcp_bigtiff")]
    public void Tiff_rewritten_by_tiffcp_decodes_like_the_original(string flag, string value)
    {
        var original = Path.Combine(_dir, "o.tif");
        ImageMagick.Run(Plasma("src.png"), "-compress", "None", original);
        var rewritten = Path.Combine(_dir, "r.tif");
        string[] args = flag switch
        {
            "-t" => ["-t", "-w", "48", "-l", "32", original, rewritten],
            "-8" => ["-8", original, rewritten],
            _ => [flag, value, original, rewritten],
        };
        ExternalTool.Run("/usr/bin/tiffcp", "libtiff-tools", args);
        using var expected = ImageDecoder.DecodeFile(original);
        using var actual = ImageDecoder.DecodeFile(rewritten);
        Assert.That(actual.Pixels.SequenceEqual(expected.Pixels), Is.True);
    }

    [Test]
    public void Multi_page_tiff_gives_its_first_page()
    {
        var first = Path.Combine(_dir, "a.tif");
        var second = Path.Combine(_dir, "b.tif");
        ImageMagick.Run("-size", "40x30", "xc:red", "-compress", "None", first);
        ImageMagick.Run("-size", "50x20", "xc:blue", "-compress", "None", second);
        var both = Path.Combine(_dir, "both.tif");
        ExternalTool.Run("/usr/bin/tiffcp", "libtiff-tools", first, second, both);
        using var image = ImageDecoder.DecodeFile(both);
        Assert.That((image.Width, image.Height), Is.EqualTo((40, 30)));
        Assert.That(image.Row(0)[..3].ToArray(), Is.EqualTo(new byte[] { 0, 0, 255 }));
    }

    [TestCase("-lossless", 0, TestName = "WebP_lossless")]
    [TestCase("-q 90", 0, TestName = "WebP_lossy")]
    [TestCase("-q 70 -alpha_q 50", 0, TestName = "WebP_lossy_with_alpha")]
    public void WebP_written_by_cwebp_decodes_to_ImageMagicks_pixels(string options, int tolerance)
    {
        var source = Path.Combine(_dir, "src.png");
        ImageMagick.Run(Plasma("p.png"), "-alpha", "set", "-channel", "A", "-evaluate", "set", "70%", "+channel", "PNG32:" + source);
        var path = Path.Combine(_dir, "v.webp");
        ExternalTool.Run("/usr/bin/cwebp", "webp", [.. options.Split(' '), "-quiet", source, "-o", path]);
        using var ours = ImageDecoder.DecodeFile(path);
        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(PixelComparison.CountDifferences(ours, rgb, tolerance), Is.Zero);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    public void Jpeg_exif_orientation_is_applied_like_ImageMagicks_auto_orient(int orientation)
    {
        var plain = Path.Combine(_dir, "plain.jpg");
        ImageMagick.Run(Plasma("src.png", size: "90x50"), "-quality", "92", plain);
        var oriented = Path.Combine(_dir, $"o{orientation}.jpg");
        File.WriteAllBytes(oriented, WithExifOrientation(File.ReadAllBytes(plain), orientation));
        var upright = Path.Combine(_dir, "upright.png");
        ImageMagick.Run(oriented, "-auto-orient", upright);

        using var ours = ImageDecoder.DecodeFile(oriented);
        var (rgb, width, height) = ImageMagick.DecodeRgb(upright);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(PixelComparison.CountDifferences(ours, rgb, tolerance: 2), Is.Zero);
        Assert.That(ExifOrientation.ReadFromJpeg(File.ReadAllBytes(oriented)), Is.EqualTo(orientation));
    }

    [Test]
    public void Exif_orientation_can_be_ignored()
    {
        var plain = Path.Combine(_dir, "plain.jpg");
        ImageMagick.Run(Plasma("src.png", size: "90x50"), plain);
        var bytes = WithExifOrientation(File.ReadAllBytes(plain), 6);
        using var image = ImageDecoder.Decode(bytes, "o6.jpg", new DecodeOptions { ApplyExifOrientation = false });
        Assert.That((image.Width, image.Height), Is.EqualTo((90, 50)));
    }

    /// <summary>Inserts an APP1 Exif segment (big-endian TIFF header, IFD0 with one Orientation entry) after SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        var segment = new List<byte> { 0xFF, 0xE1 };
        var length = 2 + 6 + tiff.Length;
        segment.Add((byte)(length >> 8));
        segment.Add((byte)length);
        segment.AddRange("Exif\0\0"u8.ToArray());
        segment.AddRange(tiff);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}

using System.Buffers.Binary;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>Broken BMP, TIFF and WebP files give an <see cref="ImageDecodeException"/> naming the file and the problem.</summary>
public sealed class BrokenFormatTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("broken-formats");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private byte[] Write(string name, params string[] convertOptions) => WriteAs(name, string.Empty, convertOptions);

    private byte[] WriteAs(string name, string formatPrefix, params string[] convertOptions)
    {
        var path = Path.Combine(_dir, name);
        ImageMagick.Run(["-size", "120x80", "plasma:fractal", "-seed", "3", "-depth", "8", .. convertOptions, formatPrefix + path]);
        return File.ReadAllBytes(path);
    }

    private byte[] WriteWebP(params string[] cwebpOptions)
    {
        var png = Path.Combine(_dir, "src.png");
        ImageMagick.Run("-size", "120x80", "plasma:fractal", "-seed", "3", "-depth", "8", png);
        var path = Path.Combine(_dir, "w.webp");
        ExternalTool.Run("/usr/bin/cwebp", "webp", [.. cwebpOptions, "-quiet", png, "-o", path]);
        return File.ReadAllBytes(path);
    }

    private static void AssertRejected(byte[] data, string name, params string[] words)
    {
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data, name));
        Assert.That(ex!.Message, Does.Contain(name));
        foreach (var word in words)
        {
            Assert.That(ex.Message, Does.Contain(word));
        }
    }

    [TestCase(0.5)]
    [TestCase(0.02)]
    public void Truncated_bmp_is_rejected(double keep)
    {
        var bytes = Write("t.bmp");
        AssertRejected(bytes[..(int)(bytes.Length * keep)], "t.bmp", "truncated");
    }

    [Test]
    public void Truncated_rle_bmp_is_rejected()
    {
        var bytes = WriteAs("r.bmp", "BMP3:", "-colors", "12", "-compress", "RLE");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(30)), Is.EqualTo(1), "ImageMagick wrote RLE8");
        AssertRejected(bytes[..(bytes.Length - 40)], "r.bmp", "truncated");
    }

    [Test]
    public void Bmp_declaring_a_huge_size_fails_before_allocating()
    {
        var bytes = Write("h.bmp");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), 70000);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), 70000);
        AssertRejected(bytes, "h.bmp", "70000x70000", "exceeds the limit");
    }

    [Test]
    public void Bmp_with_an_unknown_header_or_compression_is_rejected()
    {
        var bytes = Write("u.bmp");
        var badHeader = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badHeader.AsSpan(14), 13);
        AssertRejected(badHeader, "u.bmp", "header size 13");
        var badCompression = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badCompression.AsSpan(30), 4);
        AssertRejected(badCompression, "u.bmp", "compression 4");
    }

    [TestCase(0.5)]
    [TestCase(0.05)]
    public void Truncated_tiff_is_rejected(double keep)
    {
        var bytes = Write("t.tif", "-compress", "LZW");
        AssertRejected(bytes[..(int)(bytes.Length * keep)], "t.tif", "TIFF");
    }

    [Test]
    public void Tiff_magic_followed_by_garbage_is_rejected_with_libtiffs_reason()
    {
        var garbage = "II*\0"u8.ToArray().Concat(Enumerable.Range(0, 64).Select(i => (byte)(200 + i))).ToArray();
        AssertRejected(garbage, "g.tif", "not a readable TIFF");
    }

    [Test]
    public void Tiff_declaring_a_huge_size_fails_before_allocating()
    {
        var bytes = Write("h.tif", "-compress", "None");
        PatchTiffSize(bytes, 60000);
        AssertRejected(bytes, "h.tif", "60000x60000", "exceeds the limit");
    }

    [TestCase(0.5)]
    [TestCase(0.1)]
    public void Truncated_webp_is_rejected(double keep)
    {
        var bytes = WriteWebP("-q", "80");
        AssertRejected(bytes[..(int)(bytes.Length * keep)], "t.webp", "WebP");
    }

    [Test]
    public void Webp_magic_followed_by_garbage_is_rejected()
    {
        var garbage = "RIFF\x40\0\0\0WEBPVP8 "u8.ToArray().Concat(Enumerable.Range(0, 64).Select(i => (byte)i)).ToArray();
        AssertRejected(garbage, "g.webp", "corrupt");
    }

    [Test]
    public void Webp_declaring_a_huge_size_fails_before_allocating()
    {
        var bytes = WriteWebP("-q", "80");
        // Simple lossy file: "VP8 " chunk at 12, frame tag (3 bytes) and start code (3 bytes) at 20, then 14-bit width and height.
        Assert.That(bytes.AsSpan(12, 4).SequenceEqual("VP8 "u8), Is.True, "cwebp wrote the simple lossy layout");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), 16383);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), 16383);
        AssertRejected(bytes, "h.webp", "16383x16383", "exceeds the limit");
    }

    [TestCase("x.bmp")]
    [TestCase("x.tif")]
    [TestCase("x.webp")]
    public void Zero_bytes_are_rejected_whatever_the_name(string name) => AssertRejected([], name, "empty");

    [Test]
    public void A_pdf_given_to_the_image_decoder_points_to_PdfDocument()
    {
        AssertRejected(new TestPdf().AddTextPage(100, 100, ["x"]).ToBytes(), "doc.pdf", "PdfDocument");
    }

    [Test]
    public void Gif_is_reported_as_unsupported_with_the_supported_list()
    {
        AssertRejected("GIF89a\x01\0\x01\0"u8.ToArray(), "x.gif", "Gif images are not supported", "WebP");
    }

    /// <summary>Sets ImageWidth and ImageLength in IFD0 of a little-endian TIFF.</summary>
    private static void PatchTiffSize(byte[] tiff, ushort size)
    {
        Assert.That(tiff.AsSpan(0, 2).SequenceEqual("II"u8), Is.True);
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = ifd + 2 + 12 * i;
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(entry));
            if (tag is 256 or 257)
            {
                var type = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(entry + 2));
                if (type == 3)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entry + 8), size);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entry + 8), size);
                }
            }
        }
    }
}

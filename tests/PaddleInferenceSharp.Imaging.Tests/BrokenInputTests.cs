using System.Buffers.Binary;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>Bad input gets an <see cref="ImageDecodeException"/> naming the source and the problem.</summary>
public sealed class BrokenInputTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("broken");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void Empty_data_is_rejected()
    {
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Array.Empty<byte>(), "empty.png"));
        Assert.That(ex!.Message, Does.Contain("empty.png").And.Contain("empty"));
    }

    [Test]
    public void Unknown_magic_is_rejected_with_the_first_bytes()
    {
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode("hello, world"u8.ToArray(), "note.txt"));
        Assert.That(ex!.Message, Does.Contain("note.txt").And.Contain("unrecognised format").And.Contain("68656C6C"));
    }

    [Test]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(_dir, "nope.png");
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(path));
        Assert.That(ex!.Message, Does.Contain(path));
    }

    [TestCase(0.5)]
    [TestCase(0.9)]
    [TestCase(0.1)]
    public void Truncated_png_is_rejected(double keep)
    {
        var path = Path.Combine(_dir, "t.png");
        ImageMagick.Run("-size", "200x150", "plasma:fractal", "-seed", "1", "PNG24:" + path);
        var bytes = File.ReadAllBytes(path);
        var truncated = bytes[..(int)(bytes.Length * keep)];
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(truncated, "t.png"));
        Assert.That(ex!.Message, Does.Contain("t.png").And.Contain("truncated").Or.Contain("corrupt"));
    }

    [Test]
    public void Png_with_a_flipped_bit_in_the_image_data_is_rejected()
    {
        var path = Path.Combine(_dir, "c.png");
        ImageMagick.Run("-size", "120x90", "plasma:fractal", "-seed", "2", "PNG24:" + path);
        var bytes = File.ReadAllBytes(path);
        var idat = bytes.AsSpan().IndexOf("IDAT"u8);
        bytes[idat + 4 + 40] ^= 0x55;
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes, "c.png"));
    }

    [Test]
    public void Png_declaring_a_huge_size_fails_before_allocating()
    {
        var bytes = MinimalPng(100_000, 100_000);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes, "bomb.png"));
        Assert.That(ex!.Message, Does.Contain("100000x100000").And.Contain("exceeds the limit"));
    }

    [Test]
    public void The_pixel_limit_is_configurable()
    {
        var path = Path.Combine(_dir, "s.png");
        ImageMagick.Run("-size", "64x64", "xc:gray", "PNG24:" + path);
        Assert.That(() => ImageDecoder.DecodeFile(path, new DecodeOptions { MaxPixels = 4095 }), Throws.TypeOf<ImageDecodeException>().With.Message.Contains("4096 pixels"));
        using var image = ImageDecoder.DecodeFile(path, new DecodeOptions { MaxPixels = 4096 });
        Assert.That(image.Width, Is.EqualTo(64));
    }

    [TestCase(0.5)]
    [TestCase(0.05)]
    public void Truncated_jpeg_is_rejected(double keep)
    {
        var path = Path.Combine(_dir, "t.jpg");
        ImageMagick.Run("-size", "300x200", "plasma:fractal", "-seed", "4", "-quality", "90", path);
        var bytes = File.ReadAllBytes(path);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes[..(int)(bytes.Length * keep)], "t.jpg"));
        Assert.That(ex!.Message, Does.Contain("t.jpg"));
    }

    [Test]
    public void Jpeg_declaring_a_huge_size_fails_before_allocating()
    {
        var path = Path.Combine(_dir, "h.jpg");
        ImageMagick.Run("-size", "16x16", "xc:white", path);
        var bytes = File.ReadAllBytes(path);
        // Patch the SOF0 frame size to 60000 x 60000.
        var sof = bytes.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), 60000);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes, "h.jpg"));
        Assert.That(ex!.Message, Does.Contain("60000x60000").And.Contain("exceeds the limit"));
    }

    private static byte[] MinimalPng(uint width, uint height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[17];
        "IHDR"u8.CopyTo(ihdr);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(8), height);
        ihdr[12] = 8;
        ihdr[13] = 2;
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, 13);
        stream.Write(length);
        stream.Write(ihdr);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(ihdr));
        stream.Write(crc);
        return stream.ToArray();
    }
}

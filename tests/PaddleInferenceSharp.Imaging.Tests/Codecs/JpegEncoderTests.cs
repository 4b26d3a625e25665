using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>The TurboJPEG encoder, checked by decoding its files with ImageMagick.</summary>
public sealed class JpegEncoderTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("jpeg-encoder");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private static BgrImage Gradient(int width, int height)
    {
        var image = BgrImage.Create(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                row[3 * x] = (byte)(x * 255 / (width - 1));
                row[3 * x + 1] = (byte)(y * 255 / (height - 1));
                row[3 * x + 2] = 128;
            }
        }

        return image;
    }

    [Test]
    public void A_saved_jpeg_decodes_in_ImageMagick_close_to_the_source_with_PILs_defaults()
    {
        using var image = Gradient(97, 61);
        var path = Path.Combine(_dir, "g.jpg");
        JpegEncoder.Save(image, path);

        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((width, height), Is.EqualTo((97, 61)));
        var worst = 0;
        for (var y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    worst = Math.Max(worst, Math.Abs(row[3 * x + 2 - c] - rgb[3 * (y * width + x) + c]));
                }
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(12), "a smooth gradient at quality 75");
        var identify = System.Text.Encoding.ASCII.GetString(ImageMagick.Run(path, "-format", "%Q %[jpeg:sampling-factor]", "info:"));
        Assert.That(identify, Is.EqualTo("75 2x2,1x1,1x1"));
    }

    [Test]
    public void Quality_is_checked_and_changes_the_size()
    {
        using var image = Gradient(64, 64);
        using var low = new MemoryStream();
        using var high = new MemoryStream();
        JpegEncoder.Encode(image, low, 10);
        JpegEncoder.Encode(image, high, 95);
        Assert.That(low.Length, Is.LessThan(high.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, Stream.Null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, Stream.Null, 101));
    }

    [Test]
    public void ImageEncoder_picks_the_format_from_the_extension()
    {
        using var image = Gradient(16, 8);
        var jpg = Path.Combine(_dir, "a.JPEG");
        var png = Path.Combine(_dir, "a.png");
        ImageEncoder.Save(image, jpg);
        ImageEncoder.Save(image, png);
        Assert.That(ImageFormatDetector.Detect(File.ReadAllBytes(jpg)), Is.EqualTo(ImageFormat.Jpeg));
        Assert.That(ImageFormatDetector.Detect(File.ReadAllBytes(png)), Is.EqualTo(ImageFormat.Png));
        Assert.Throws<NotSupportedException>(() => ImageEncoder.Save(image, Path.Combine(_dir, "a.bmp")));
    }
}

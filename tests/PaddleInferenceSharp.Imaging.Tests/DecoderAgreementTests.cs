using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>Our decoders against ImageMagick's independent decode of the same files.</summary>
public sealed class DecoderAgreementTests
{
    private static IEnumerable<string> DevImages(string extension)
    {
        var dev = TestPaths.EvalDev;
        return Directory.Exists(dev)
            ? Directory.GetFiles(dev, "*" + extension).OrderBy(f => f, StringComparer.Ordinal).Select(f => Path.GetFileName(f))
            : [];
    }

    [TestCaseSource(nameof(DevPngs))]
    public void Png_with_scaled_16_bit_reduction_equals_ImageMagick_exactly(string name)
    {
        var path = Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);
        using var ours = ImageDecoder.DecodeFile(path, new DecodeOptions { SixteenBitReduction = SampleReduction.Scaled });
        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(CountDifferences(ours, rgb, tolerance: 0), Is.Zero);
    }

    [TestCaseSource(nameof(DevPngs))]
    public void Png_with_OpenCV_reduction_keeps_the_high_byte_of_each_16_bit_sample(string name)
    {
        var path = Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);
        using var ours = ImageDecoder.DecodeFile(path);
        var samples = ImageMagick.DecodeRgb16(path);
        var expected = samples.Select(s => (byte)(s >> 8)).ToArray();
        Assert.That(CountDifferences(ours, expected, tolerance: 0), Is.Zero);
    }

    [TestCaseSource(nameof(DevJpegs))]
    public void Jpeg_is_within_2_levels_of_ImageMagick(string name)
    {
        var path = Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);
        using var ours = ImageDecoder.DecodeFile(path);
        var (rgb, width, height) = ImageMagick.DecodeRgb(path);
        Assert.That((ours.Width, ours.Height), Is.EqualTo((width, height)));
        Assert.That(CountDifferences(ours, rgb, tolerance: 2), Is.Zero);
    }

    [TestCase("-colors 64 PNG8:", "palette")]
    [TestCase("PNG24:", "rgb8")]
    [TestCase("PNG48:", "rgb16")]
    [TestCase("PNG32:", "rgba8")]
    [TestCase("PNG64:", "rgba16")]
    public void Png_variants_written_by_ImageMagick_decode_to_its_pixels(string format, string label)
    {
        var dir = TestPaths.NewTempDirectory("png-" + label);
        try
        {
            var path = Path.Combine(dir, label + ".png");
            var parts = format.Split(' ');
            ImageMagick.Run(["-size", "97x61", "plasma:fractal", "-seed", "7", .. parts[..^1], parts[^1] + path]);
            using var ours = ImageDecoder.DecodeFile(path, new DecodeOptions { SixteenBitReduction = SampleReduction.Scaled });
            var (rgb, _, _) = ImageMagick.DecodeRgb(path);
            Assert.That(CountDifferences(ours, rgb, tolerance: 0), Is.Zero);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    public void Gray_png_of_any_bit_depth_expands_to_three_equal_channels(int depth)
    {
        var dir = TestPaths.NewTempDirectory("png-gray");
        try
        {
            var path = Path.Combine(dir, "gray.png");
            ImageMagick.Run("-size", "64x40", "gradient:black-white", "-colorspace", "Gray", "-depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture), "PNG:" + path);
            using var ours = ImageDecoder.DecodeFile(path);
            var (rgb, _, _) = ImageMagick.DecodeRgb(path);
            Assert.That(CountDifferences(ours, rgb, tolerance: 0), Is.Zero);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Interlaced_png_decodes_like_the_plain_one()
    {
        var dir = TestPaths.NewTempDirectory("png-interlace");
        try
        {
            var path = Path.Combine(dir, "i.png");
            ImageMagick.Run("-size", "83x57", "plasma:fractal", "-seed", "3", "-interlace", "PNG", "PNG24:" + path);
            using var ours = ImageDecoder.DecodeFile(path);
            var (rgb, _, _) = ImageMagick.DecodeRgb(path);
            Assert.That(CountDifferences(ours, rgb, tolerance: 0), Is.Zero);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase("1x1")]
    [TestCase("4:4:4")]
    [TestCase("2x2")]
    public void Jpeg_subsamplings_and_progressive_decode_within_2_levels(string sampling)
    {
        var dir = TestPaths.NewTempDirectory("jpeg");
        try
        {
            foreach (var progressive in new[] { false, true })
            {
                var path = Path.Combine(dir, $"p{progressive}.jpg");
                var args = new List<string> { "-size", "120x80", "plasma:fractal", "-seed", "5", "-sampling-factor", sampling, "-quality", "90" };
                if (progressive)
                {
                    args.AddRange(["-interlace", "JPEG"]);
                }

                args.Add(path);
                ImageMagick.Run([.. args]);
                using var ours = ImageDecoder.DecodeFile(path);
                var (rgb, _, _) = ImageMagick.DecodeRgb(path);
                Assert.That(CountDifferences(ours, rgb, tolerance: 2), Is.Zero, $"progressive={progressive}");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static IEnumerable<string> DevPngs() => DevImages(".png");

    private static IEnumerable<string> DevJpegs() => DevImages(".jpg");

    /// <summary>Pixels whose channels differ by more than <paramref name="tolerance"/> from the RGB reference.</summary>
    private static int CountDifferences(BgrImage ours, byte[] rgb, int tolerance)
    {
        Assert.That(rgb, Has.Length.EqualTo(ours.Width * ours.Height * 3));
        var differences = 0;
        for (var y = 0; y < ours.Height; y++)
        {
            var row = ours.Row(y);
            for (var x = 0; x < ours.Width; x++)
            {
                var i = (y * ours.Width + x) * 3;
                if (Math.Abs(row[3 * x] - rgb[i + 2]) > tolerance || Math.Abs(row[3 * x + 1] - rgb[i + 1]) > tolerance || Math.Abs(row[3 * x + 2] - rgb[i]) > tolerance)
                {
                    differences++;
                }
            }
        }

        return differences;
    }
}

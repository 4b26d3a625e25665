using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;

namespace PaddleInferenceSharp.Imaging.Tests.Transforms;

public sealed class ImageResizeTests
{
    private static BgrImage Gray(int width, int height, Func<int, int, byte> value)
    {
        var image = BgrImage.Create(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.Row(y).Slice(3 * x, 3).Fill(value(x, y));
            }
        }

        return image;
    }

    [Test]
    public void Doubling_interpolates_between_pixel_centres()
    {
        // Source row [0, 100]: destination centres map to -0.25, 0.25, 0.75, 1.25 -> clamped 0, 25, 75, 100.
        using var source = Gray(2, 1, (x, _) => (byte)(x * 100));
        using var result = ImageResize.ResizeLinear(source, 4, 1);
        Assert.That(Enumerable.Range(0, 4).Select(x => result.Row(0)[3 * x]), Is.EqualTo(new byte[] { 0, 25, 75, 100 }));
    }

    [Test]
    public void Exact_halving_averages_2x2_blocks_with_rounding()
    {
        // Block values 10, 11, 12, 14 -> (47 + 2) / 4 = 12.
        byte[,] values = { { 10, 11 }, { 12, 14 } };
        using var source = Gray(2, 2, (x, y) => values[y, x]);
        using var result = ImageResize.ResizeLinear(source, 1, 1);
        Assert.That(result.Row(0)[0], Is.EqualTo(12));
    }

    [Test]
    public void A_constant_image_stays_constant_at_any_size()
    {
        using var source = Gray(37, 23, (_, _) => 173);
        using var result = ImageResize.ResizeLinear(source, 101, 7);
        Assert.That(result.Pixels.ToArray(), Is.All.EqualTo(173));
    }
}

using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class PerspectiveCropTests
{
    private static BgrImage Noise(int width, int height, int seed)
    {
        var image = BgrImage.Create(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    [Test]
    public void An_axis_aligned_box_crops_exactly_the_pixels_inside_it()
    {
        using var image = Noise(64, 48, 1);
        // Box (10,5)-(40,20): width 30, height 15; whole-pixel positions give the source pixels unchanged.
        using var crop = PerspectiveCrop.Crop(image, new Quad(new(10, 5), new(40, 5), new(40, 20), new(10, 20)));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((30, 15)));
        for (var y = 0; y < crop.Height; y++)
        {
            Assert.That(crop.Row(y).ToArray(), Is.EqualTo(image.Row(5 + y).Slice(3 * 10, 3 * 30).ToArray()), $"row {y}");
        }
    }

    [Test]
    public void Half_pixel_positions_interpolate_a_ramp_with_cubic_weights_inside_and_at_the_border()
    {
        // Column x holds 10x in every channel and row. Sampling at x + 0.5 uses Keys weights (a = -0.75)
        // -0.09375, 0.59375, 0.59375, -0.09375: inside the image that is exactly 10x + 5; at x = 0.5 the
        // replicated border gives -0.09375*0 + 0.59375*0 + 0.59375*10 - 0.09375*20 = 4.0625 -> 4.
        using var image = BgrImage.Create(20, 12);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < image.Width; x++)
            {
                row[3 * x] = row[3 * x + 1] = row[3 * x + 2] = (byte)(10 * x);
            }
        }

        using var crop = PerspectiveCrop.CropQuad(image, [new(0.5f, 2), new(16.5f, 2), new(16.5f, 8), new(0.5f, 8)]);
        Assert.That((crop.Width, crop.Height), Is.EqualTo((16, 6)));
        for (var y = 0; y < crop.Height; y++)
        {
            var expected = Enumerable.Range(0, 16).SelectMany(x => Enumerable.Repeat((byte)(x == 0 ? 4 : 10 * x + 5), 3)).ToArray();
            Assert.That(crop.Row(y).ToArray(), Is.EqualTo(expected), $"row {y}");
        }
    }

    [Test]
    public void Crops_at_least_one_and_a_half_times_taller_than_wide_are_turned_counter_clockwise()
    {
        using var image = Noise(64, 64, 2);
        // Box (20,4)-(30,34): 10 wide, 30 tall -> upright crop 10x30, then np.rot90 -> 30x10.
        using var crop = PerspectiveCrop.Crop(image, new Quad(new(20, 4), new(30, 4), new(30, 34), new(20, 34)));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((30, 10)));
        // np.rot90: out[i][j] = in[j][W - 1 - i] with the upright crop in[r][c] = image[4 + r][20 + c].
        for (var i = 0; i < crop.Height; i++)
        {
            for (var j = 0; j < crop.Width; j++)
            {
                var source = image.Row(4 + j).Slice(3 * (20 + (10 - 1 - i)), 3).ToArray();
                Assert.That(crop.Row(i).Slice(3 * j, 3).ToArray(), Is.EqualTo(source), $"({i},{j})");
            }
        }
    }

    [Test]
    public void A_rotated_box_is_warped_upright_with_the_size_of_its_sides()
    {
        // A white line on black turned by ~5.7 degrees: the crop is ~41 x 11 and white in the middle row.
        using var image = BgrImage.Create(80, 60);
        image.Pixels.Clear();
        for (var x = 20; x <= 60; x++)
        {
            var y = 30 + (x - 20) / 10;
            for (var dy = -2; dy <= 2; dy++)
            {
                image.Row(y + dy).Slice(3 * x, 3).Fill(255);
            }
        }

        using var crop = PerspectiveCrop.Crop(image, new Quad(new(20, 25), new(60, 29), new(60, 39), new(20, 35)));
        Assert.That(crop.Width, Is.InRange(40, 41));
        Assert.That(crop.Height, Is.InRange(9, 11));
        var middle = crop.Row(crop.Height / 2);
        Assert.That(middle[3 * (crop.Width / 2)], Is.GreaterThan(200));
        Assert.That(crop.Row(0)[3 * (crop.Width / 2)], Is.LessThan(60));
    }

    [Test]
    public void Rotate180_reverses_rows_and_columns()
    {
        using var image = Noise(5, 3, 3);
        using var rotated = ImageRotation.Rotate180(image);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                Assert.That(rotated.Row(2 - y).Slice(3 * (4 - x), 3).ToArray(), Is.EqualTo(image.Row(y).Slice(3 * x, 3).ToArray()));
            }
        }
    }

    [Test]
    public void Padding_grows_the_crop_by_the_fraction_of_the_line_height()
    {
        using var image = Noise(200, 100, 4);
        // 60 x 20 box; padding 0.25 adds 5 px above and below and 2.5 px at each end: 65 x 30.
        using var crop = PerspectiveCrop.Crop(image, new Quad(new(50, 40), new(110, 40), new(110, 60), new(50, 60)), 0.25);
        Assert.That((crop.Width, crop.Height), Is.EqualTo((65, 30)));
        Assert.That(() => PerspectiveCrop.Crop(image, new Quad(new(50, 40), new(110, 40), new(110, 60), new(50, 60)), -0.1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}

using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

/// <summary>
/// PaddleX's <c>rotate_image</c>: getRotationMatrix2D about (w/2, h/2), canvas grown to the rotated size, warpAffine
/// (INTER_CUBIC, black border). Working the matrix out by hand for 90 degrees gives destination (x, y) = source
/// (w - y, x): row 0 samples column w, outside the page, so it is black, and every other row is an exact copy.
/// </summary>
public sealed class ImageRotationTests
{
    private static BgrImage Noise(int width, int height)
    {
        var image = BgrImage.Create(width, height);
        new Random(width * 31 + height).NextBytes(image.Pixels);
        return image;
    }

    private static byte[] Pixel(BgrImage image, int x, int y) => image.Row(y).Slice(3 * x, 3).ToArray();

    [Test]
    public void Ninety_degrees_is_counter_clockwise_with_PaddleX_one_pixel_shift()
    {
        using var page = Noise(7, 5);
        using var rotated = ImageRotation.RotateLikePaddleX(page, 90);
        Assert.That((rotated.Width, rotated.Height), Is.EqualTo((5, 7)));
        for (var y = 0; y < 7; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                var expected = y == 0 ? new byte[3] : Pixel(page, 7 - y, x);
                Assert.That(Pixel(rotated, x, y), Is.EqualTo(expected), $"({x},{y})");
            }
        }
    }

    [Test]
    public void One_eighty_degrees_maps_x_y_to_w_minus_x_h_minus_y()
    {
        using var page = Noise(6, 4);
        using var rotated = ImageRotation.RotateLikePaddleX(page, 180);
        Assert.That((rotated.Width, rotated.Height), Is.EqualTo((6, 4)));
        for (var y = 1; y < 4; y++)
        {
            for (var x = 1; x < 6; x++)
            {
                Assert.That(Pixel(rotated, x, y), Is.EqualTo(Pixel(page, 6 - x, 4 - y)), $"({x},{y})");
            }
        }

        Assert.That(Pixel(rotated, 0, 2), Is.EqualTo(new byte[3]), "column 0 samples outside the page");
    }

    [Test]
    public void A_page_turned_clockwise_by_90_is_turned_back_by_the_90_class()
    {
        // The upright page P, turned 90 degrees clockwise: Q(x, y) = P(y, h - 1 - x). Rotating Q back by the "90"
        // class gives P shifted down by one row (the PaddleX shift): R(x, y) = P(x, y - 1).
        using var upright = Noise(9, 4);
        using var turned = BgrImage.Create(4, 9);
        for (var y = 0; y < 9; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                Pixel(upright, y, 3 - x).CopyTo(turned.Row(y).Slice(3 * x, 3));
            }
        }

        using var back = ImageRotation.RotateLikePaddleX(turned, 90);
        Assert.That((back.Width, back.Height), Is.EqualTo((9, 4)));
        for (var y = 1; y < 4; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                Assert.That(Pixel(back, x, y), Is.EqualTo(Pixel(upright, x, y - 1)), $"({x},{y})");
            }
        }
    }

    [Test]
    public void Zero_degrees_is_a_copy_and_out_of_range_angles_are_rejected()
    {
        using var page = Noise(3, 3);
        using var same = ImageRotation.RotateLikePaddleX(page, 0);
        Assert.That(same.Pixels.ToArray(), Is.EqualTo(page.Pixels.ToArray()));
        Assert.That(() => ImageRotation.RotateLikePaddleX(page, 360), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}

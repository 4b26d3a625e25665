using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class GridSamplerTests
{
    private static BgrImage Gradient(int width, int height)
    {
        var image = BgrImage.Create(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = image.Row(y).Slice(3 * x, 3);
                p[0] = (byte)(x * 20);
                p[1] = (byte)(y * 30);
                p[2] = (byte)((x + y) * 10);
            }
        }

        return image;
    }

    // A 2 x 2 grid whose corners are the page corners: -1 and +1 in x and y.
    private static float[] CornerGrid(float x0, float x1, float y0, float y1) => [x0, x1, x0, x1, y0, y0, y1, y1];

    [Test]
    public void The_identity_grid_reproduces_the_page()
    {
        using var page = Gradient(11, 7);
        using var result = GridSampler.Unwarp(page, CornerGrid(-1, 1, -1, 1), 2, 2);
        var differences = page.Pixels.ToArray().Zip(result.Pixels.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.That(differences, Is.LessThanOrEqualTo(1), "float32 scaling by 1/255 and 255 may lose one level when truncating");
    }

    [Test]
    public void A_grid_with_x_reversed_mirrors_the_page()
    {
        using var page = Gradient(11, 7);
        using var result = GridSampler.Unwarp(page, CornerGrid(1, -1, -1, 1), 2, 2);
        for (var y = 0; y < 7; y++)
        {
            for (var x = 0; x < 11; x++)
            {
                var expected = page.Row(y).Slice(3 * (10 - x), 3).ToArray();
                var actual = result.Row(y).Slice(3 * x, 3).ToArray();
                Assert.That(actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max(), Is.LessThanOrEqualTo(1), $"({x},{y})");
            }
        }
    }

    [Test]
    public void Half_a_pixel_to_the_right_averages_neighbours_and_zero_pads_past_the_edge()
    {
        // A 3-pixel row [0, 100, 200]; the grid shifts x by one half pixel: 2 / (3 - 1) / 2 = 0.5 in grid units.
        using var page = BgrImage.Create(3, 1);
        for (var x = 0; x < 3; x++)
        {
            page.Row(0).Slice(3 * x, 3).Fill((byte)(x * 100));
        }

        float[] gx = [-0.5f, 0.5f, 1.5f];
        float[] gy = [0, 0, 0];
        using var result = GridSampler.Sample(page, gx, gy);
        // 50 = (0 + 100) / 2; 150 = (100 + 200) / 2; the last samples between pixel 2 and the zero padding: 100.
        Assert.That(new[] { result.Row(0)[0], result.Row(0)[3], result.Row(0)[6] }, Is.EqualTo(new byte[] { 50, 150, 100 }).Within(1));
    }

    [Test]
    public void Align_corners_resize_keeps_the_end_values()
    {
        float[] source = [0, 10];
        var destination = new float[5];
        GridSampler.ResizeBilinearAlignCorners(source, 2, 1, destination, 5, 1);
        Assert.That(destination, Is.EqualTo(new[] { 0f, 2.5f, 5f, 7.5f, 10f }));
    }
}

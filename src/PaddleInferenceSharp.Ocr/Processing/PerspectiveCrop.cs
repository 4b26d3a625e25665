using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Cuts a text line out of a page as PaddleX's <c>CropByPolys</c> (quad boxes) does: fit the box's minimum-area
/// rectangle, warp it upright with a perspective transform (bicubic, replicated border), and turn crops at least
/// 1.5 times taller than wide by 90 degrees counter-clockwise (<c>np.rot90</c>).
/// </summary>
/// <remarks>
/// The warp reproduces OpenCV's <c>warpPerspective(INTER_CUBIC, BORDER_REPLICATE)</c> on 8-bit images: source
/// coordinates quantised to 1/32 pixel, Keys cubic weights with a = -0.75 in 15-bit fixed point whose 4x4 sum is
/// corrected to exactly 1, and rounding of the weighted sum.
/// </remarks>
public static class PerspectiveCrop
{
    private const int InterBits = 5;
    private const int InterTabSize = 1 << InterBits;
    private const int CoefBits = 15;
    private const int CoefScale = 1 << CoefBits;

    private static readonly short[] CubicTable = BuildCubicTable();

    /// <summary>Crops the text line <paramref name="box"/> from <paramref name="image"/>.</summary>
    public static BgrImage Crop(BgrImage image, Quad box)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rect = MinAreaRect.Compute([box.P0, box.P1, box.P2, box.P3]);
        return CropQuad(image, rect.OrderedCorners());
    }

    /// <summary>PaddleX's <c>get_rotate_crop_image</c>: warps the quadrilateral <paramref name="points"/> (tl, tr, br, bl) to an upright image.</summary>
    public static BgrImage CropQuad(BgrImage image, ReadOnlySpan<Point2F> points)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (points.Length != 4)
        {
            throw new ArgumentException("A crop needs 4 corner points.", nameof(points));
        }

        var width = (int)Math.Max(Distance(points[0], points[1]), Distance(points[2], points[3]));
        var height = (int)Math.Max(Distance(points[0], points[3]), Distance(points[1], points[2]));
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);

        // Map destination pixels to source points: the homography from the upright rectangle onto the quadrilateral.
        var m = Homography.FromRectangle(width, height, points);
        var crop = BgrImage.Create(width, height);
        try
        {
            Warp(image, crop, m);
        }
        catch
        {
            crop.Dispose();
            throw;
        }

        if (height >= 1.5 * width)
        {
            var rotated = Rotate90CounterClockwise(crop);
            crop.Dispose();
            return rotated;
        }

        return crop;
    }

    /// <summary>The image turned 90 degrees counter-clockwise (<c>np.rot90(img)</c>).</summary>
    public static BgrImage Rotate90CounterClockwise(BgrImage source)
    {
        var result = BgrImage.Create(source.Height, source.Width);
        for (var y = 0; y < result.Height; y++)
        {
            var row = result.Row(y);
            var sx = source.Width - 1 - y;
            for (var x = 0; x < result.Width; x++)
            {
                var s = source.Row(x).Slice(3 * sx, 3);
                row[3 * x] = s[0];
                row[3 * x + 1] = s[1];
                row[3 * x + 2] = s[2];
            }
        }

        return result;
    }

    /// <summary>The image turned 180 degrees.</summary>
    public static BgrImage Rotate180(BgrImage source)
    {
        var result = BgrImage.Create(source.Width, source.Height);
        for (var y = 0; y < source.Height; y++)
        {
            var src = source.Row(y);
            var dst = result.Row(source.Height - 1 - y);
            for (var x = 0; x < source.Width; x++)
            {
                var d = 3 * (source.Width - 1 - x);
                dst[d] = src[3 * x];
                dst[d + 1] = src[3 * x + 1];
                dst[d + 2] = src[3 * x + 2];
            }
        }

        return result;
    }

    private static float Distance(Point2F a, Point2F b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        return MathF.Sqrt(dx * dx + dy * dy);
    }

    private static void Warp(BgrImage source, BgrImage destination, double[] m)
    {
        int sw = source.Width, sh = source.Height;
        Span<int> xs = stackalloc int[4];
        Span<int> ys = stackalloc int[4];
        for (var y = 0; y < destination.Height; y++)
        {
            var row = destination.Row(y);
            for (var x = 0; x < destination.Width; x++)
            {
                var w = m[6] * x + m[7] * y + m[8];
                w = w != 0 ? InterTabSize / w : 0;
                var fx = Math.Clamp((m[0] * x + m[1] * y + m[2]) * w, int.MinValue, int.MaxValue);
                var fy = Math.Clamp((m[3] * x + m[4] * y + m[5]) * w, int.MinValue, int.MaxValue);
                var ix = (int)Math.Round(fx, MidpointRounding.ToEven);
                var iy = (int)Math.Round(fy, MidpointRounding.ToEven);
                var sx = (ix >> InterBits) - 1;
                var sy = (iy >> InterBits) - 1;
                var weights = CubicTable.AsSpan(((iy & (InterTabSize - 1)) * InterTabSize + (ix & (InterTabSize - 1))) * 16, 16);
                for (var k = 0; k < 4; k++)
                {
                    xs[k] = Math.Clamp(sx + k, 0, sw - 1) * 3;
                    ys[k] = Math.Clamp(sy + k, 0, sh - 1);
                }

                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var r = 0; r < 4; r++)
                    {
                        var srcRow = source.Row(ys[r]);
                        sum += srcRow[xs[0] + c] * weights[4 * r] + srcRow[xs[1] + c] * weights[4 * r + 1]
                             + srcRow[xs[2] + c] * weights[4 * r + 2] + srcRow[xs[3] + c] * weights[4 * r + 3];
                    }

                    row[3 * x + c] = (byte)Math.Clamp((sum + (1 << (CoefBits - 1))) >> CoefBits, 0, 255);
                }
            }
        }
    }

    // 4x4 fixed-point bicubic weights for each of the 32 x 32 sub-pixel positions; rows of the block are y.
    private static short[] BuildCubicTable()
    {
        var table = new short[InterTabSize * InterTabSize * 16];
        Span<float> cx = stackalloc float[4];
        Span<float> cy = stackalloc float[4];
        Span<int> w = stackalloc int[16];
        for (var i = 0; i < InterTabSize; i++)
        {
            Cubic(1f / InterTabSize * i, cy);
            for (var j = 0; j < InterTabSize; j++)
            {
                Cubic(1f / InterTabSize * j, cx);
                var sum = 0;
                for (var k1 = 0; k1 < 4; k1++)
                {
                    for (var k2 = 0; k2 < 4; k2++)
                    {
                        var v = cy[k1] * cx[k2];
                        w[k1 * 4 + k2] = Math.Clamp((int)Math.Round(v * CoefScale, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
                        sum += w[k1 * 4 + k2];
                    }
                }

                if (sum != CoefScale)
                {
                    // OpenCV puts the rounding error on the largest (or smallest) weight among rows/columns
                    // ksize/2 .. ksize/2 + 1 (taps +1 and +2 of the 4x4 block); the centre tap, which saturates at
                    // 32767 for whole-pixel positions, is never adjusted.
                    var diff = sum - CoefScale;
                    int min1 = 2, min2 = 2, max1 = 2, max2 = 2;
                    for (var k1 = 2; k1 < 4; k1++)
                    {
                        for (var k2 = 2; k2 < 4; k2++)
                        {
                            if (w[k1 * 4 + k2] < w[min1 * 4 + min2])
                            {
                                min1 = k1;
                                min2 = k2;
                            }
                            else if (w[k1 * 4 + k2] > w[max1 * 4 + max2])
                            {
                                max1 = k1;
                                max2 = k2;
                            }
                        }
                    }

                    if (diff < 0)
                    {
                        w[max1 * 4 + max2] -= diff;
                    }
                    else
                    {
                        w[min1 * 4 + min2] -= diff;
                    }
                }

                var offset = (i * InterTabSize + j) * 16;
                for (var k = 0; k < 16; k++)
                {
                    table[offset + k] = (short)w[k];
                }
            }
        }

        return table;
    }

    private static void Cubic(float x, Span<float> c)
    {
        const float a = -0.75f;
        c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1f - c[0] - c[1] - c[2];
    }
}

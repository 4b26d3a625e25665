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
internal static class PerspectiveCrop
{
    /// <summary>Crops the text line <paramref name="box"/> from <paramref name="image"/>.</summary>
    /// <param name="image">The page.</param>
    /// <param name="box">The detected line.</param>
    /// <param name="padding">
    /// Extra margin as a fraction of the line's height: added above and below the line, and half of it at each end.
    /// 0 (the default) is PaddleX's crop; padded corners are kept inside the page.
    /// </param>
    public static BgrImage Crop(BgrImage image, Quad box, double padding = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var rect = MinAreaRect.Compute([box.P0, box.P1, box.P2, box.P3]);
        if (padding == 0)
        {
            return CropQuad(image, rect.OrderedCorners());
        }

        var grow = (float)(rect.ShortSide * padding);
        var padded = rect.Width < rect.Height
            ? rect with { Width = rect.Width + 2 * grow, Height = rect.Height + grow }
            : rect with { Width = rect.Width + grow, Height = rect.Height + 2 * grow };
        var corners = padded.OrderedCorners();
        for (var i = 0; i < corners.Length; i++)
        {
            corners[i] = new Point2F(Math.Clamp(corners[i].X, 0, image.Width - 1), Math.Clamp(corners[i].Y, 0, image.Height - 1));
        }

        return CropQuad(image, corners);
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
            var rotated = ImageRotation.Rotate90CounterClockwise(crop);
            crop.Dispose();
            return rotated;
        }

        return crop;
    }

    private static float Distance(Point2F a, Point2F b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        return MathF.Sqrt(dx * dx + dy * dy);
    }

    private static void Warp(BgrImage source, BgrImage destination, double[] m)
    {
        for (var y = 0; y < destination.Height; y++)
        {
            var row = destination.Row(y);
            for (var x = 0; x < destination.Width; x++)
            {
                var w = m[6] * x + m[7] * y + m[8];
                w = w != 0 ? CubicRemap.InterTabSize / w : 0;
                var fx = Math.Clamp((m[0] * x + m[1] * y + m[2]) * w, int.MinValue, int.MaxValue);
                var fy = Math.Clamp((m[3] * x + m[4] * y + m[5]) * w, int.MinValue, int.MaxValue);
                CubicRemap.Sample(source, (int)Math.Round(fx, MidpointRounding.ToEven), (int)Math.Round(fy, MidpointRounding.ToEven), WarpBorder.Replicate, row.Slice(3 * x, 3));
            }
        }
    }
}

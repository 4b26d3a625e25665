using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>Image rotations used by the pipeline.</summary>
internal static class ImageRotation
{
    /// <summary>The image turned 90 degrees counter-clockwise (<c>np.rot90(img)</c>): exact pixel permutation.</summary>
    public static BgrImage Rotate90CounterClockwise(BgrImage source)
    {
        ArgumentNullException.ThrowIfNull(source);
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

    /// <summary>The image turned 180 degrees: exact pixel permutation (PaddleX turns upside-down text lines this way).</summary>
    public static BgrImage Rotate180(BgrImage source)
    {
        ArgumentNullException.ThrowIfNull(source);
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

    /// <summary>
    /// PaddleX's <c>rotate_image</c> (document orientation): a counter-clockwise rotation by <paramref name="angle"/>
    /// degrees about the image centre <c>(w/2, h/2)</c> into a canvas grown to hold the rotated image, with OpenCV's
    /// <c>warpAffine(INTER_CUBIC)</c> and a black border. Faithfully to PaddleX, the pixel-centre convention of that
    /// matrix shifts a 90/180/270 degree result by one pixel, leaving a one-pixel black edge.
    /// </summary>
    /// <param name="source">The page.</param>
    /// <param name="angle">Degrees in [0, 360); 0 returns a copy.</param>
    public static BgrImage RotateLikePaddleX(BgrImage source, double angle)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (angle < 0 || angle >= 360)
        {
            throw new ArgumentOutOfRangeException(nameof(angle), angle, "The angle must be in [0, 360).");
        }

        if (angle < 1e-7)
        {
            return source.Clone();
        }

        // cv2.getRotationMatrix2D(centre, angle, 1): alpha = cos, beta = sin (degrees -> radians).
        int w = source.Width, h = source.Height;
        double cx = w / 2.0, cy = h / 2.0;
        var radians = angle * Math.PI / 180.0;
        var alpha = Math.Cos(radians);
        var beta = Math.Sin(radians);
        double m00 = alpha, m01 = beta, m02 = (1 - alpha) * cx - beta * cy;
        double m10 = -beta, m11 = alpha, m12 = beta * cx + (1 - alpha) * cy;
        var cos = Math.Abs(m00);
        var sin = Math.Abs(m01);
        var newW = (int)(h * sin + w * cos);
        var newH = (int)(h * cos + w * sin);
        m02 += (newW - w) / 2.0;
        m12 += (newH - h) / 2.0;

        // warpAffine maps destination to source through the inverse matrix.
        var d = m00 * m11 - m01 * m10;
        d = d != 0 ? 1.0 / d : 0;
        double i00 = m11 * d, i01 = -m01 * d, i10 = -m10 * d, i11 = m00 * d;
        var i02 = -i00 * m02 - i01 * m12;
        var i12 = -i10 * m02 - i11 * m12;

        var result = BgrImage.Create(Math.Max(newW, 1), Math.Max(newH, 1));
        try
        {
            WarpAffine(source, result, i00, i01, i02, i10, i11, i12);
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return result;
    }

    // OpenCV's warpAffine fixed point: positions in 1/1024 (AB_BITS = 10) with a rounding delta, then 1/32 pixel.
    private static void WarpAffine(BgrImage source, BgrImage destination, double m00, double m01, double m02, double m10, double m11, double m12)
    {
        const int abBits = 10;
        const double abScale = 1 << abBits;
        const int roundDelta = (1 << abBits) / CubicRemap.InterTabSize / 2;
        var width = destination.Width;
        var adelta = new int[width];
        var bdelta = new int[width];
        for (var x = 0; x < width; x++)
        {
            adelta[x] = SaturateInt(m00 * x * abScale);
            bdelta[x] = SaturateInt(m10 * x * abScale);
        }

        for (var y = 0; y < destination.Height; y++)
        {
            var x0 = SaturateInt((m01 * y + m02) * abScale) + roundDelta;
            var y0 = SaturateInt((m11 * y + m12) * abScale) + roundDelta;
            var row = destination.Row(y);
            for (var x = 0; x < width; x++)
            {
                var fx = (x0 + adelta[x]) >> (abBits - CubicRemap.InterBits);
                var fy = (y0 + bdelta[x]) >> (abBits - CubicRemap.InterBits);
                CubicRemap.Sample(source, fx, fy, WarpBorder.Black, row.Slice(3 * x, 3));
            }
        }
    }

    private static int SaturateInt(double value) => (int)Math.Clamp(Math.Round(value, MidpointRounding.ToEven), int.MinValue, int.MaxValue);
}

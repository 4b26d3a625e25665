using System.Drawing;

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>One-pixel, 8-connected lines (OpenCV's <c>polylines</c> with thickness 1 and <c>LINE_8</c>).</summary>
public static class Polyline
{
    /// <summary>Draws the segments between consecutive points (and back to the first when <paramref name="closed"/>), clipped to the image.</summary>
    public static void Draw(BgrImage image, ReadOnlySpan<Point> points, bool closed, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        for (var i = 0; i + 1 < points.Length; i++)
        {
            Line(image, points[i], points[i + 1], color);
        }

        if (closed && points.Length > 2)
        {
            Line(image, points[^1], points[0], color);
        }
        else if (points.Length == 1)
        {
            Line(image, points[0], points[0], color);
        }
    }

    /// <summary>Draws one segment with Bresenham's algorithm, both end points included.</summary>
    public static void Line(BgrImage image, Point from, Point to, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        int x = from.X, y = from.Y;
        int dx = Math.Abs(to.X - x), dy = -Math.Abs(to.Y - y);
        int sx = x < to.X ? 1 : -1, sy = y < to.Y ? 1 : -1;
        var error = dx + dy;
        var pixels = image.Pixels;
        var stride = image.Stride;
        while (true)
        {
            if ((uint)x < (uint)image.Width && (uint)y < (uint)image.Height)
            {
                var at = y * stride + 3 * x;
                pixels[at] = color.B;
                pixels[at + 1] = color.G;
                pixels[at + 2] = color.R;
            }

            if (x == to.X && y == to.Y)
            {
                return;
            }

            var twice = 2 * error;
            if (twice >= dy)
            {
                error += dy;
                x += sx;
            }

            if (twice <= dx)
            {
                error += dx;
                y += sy;
            }
        }
    }
}

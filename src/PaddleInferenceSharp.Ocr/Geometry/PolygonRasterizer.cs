namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>
/// Filled polygons on a pixel grid with OpenCV's <c>fillPoly</c> rule for 8-connected (non-antialiased) drawing:
/// every edge is drawn as an 8-connected line (so the outline's pixels are inside), and each scanline between the
/// top and bottom vertex is filled between the edge crossings rounded to the nearest pixel (16.16 fixed point).
/// </summary>
internal static class PolygonRasterizer
{
    private const int Shift = 16;
    private const long One = 1L << Shift;

    /// <summary>Sets to 1 the pixels of <paramref name="mask"/> (row-major, <paramref name="width"/> x <paramref name="height"/>) covered by the polygon; pixels outside the grid are clipped.</summary>
    public static void Fill(ReadOnlySpan<Point2I> polygon, Span<byte> mask, int width, int height)
    {
        var n = polygon.Length;
        if (n == 0)
        {
            return;
        }

        for (var i = 0; i < n; i++)
        {
            DrawLine(polygon[i], polygon[(i + 1) % n], mask, width, height);
        }

        var yMin = int.MaxValue;
        var yMax = int.MinValue;
        foreach (var p in polygon)
        {
            yMin = Math.Min(yMin, p.Y);
            yMax = Math.Max(yMax, p.Y);
        }

        Span<long> crossings = n <= 64 ? stackalloc long[n] : new long[n];
        for (var y = Math.Max(yMin, 0); y < Math.Min(yMax, height); y++)
        {
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                var a = polygon[i];
                var b = polygon[(i + 1) % n];
                if (a.Y == b.Y)
                {
                    continue;
                }

                if (a.Y > b.Y)
                {
                    (a, b) = (b, a);
                }

                if (y < a.Y || y >= b.Y)
                {
                    continue;
                }

                var dx = ((long)(b.X - a.X) << Shift) / (b.Y - a.Y);
                crossings[count++] = ((long)a.X << Shift) + dx * (y - a.Y);
            }

            var row = crossings[..count];
            row.Sort();
            for (var i = 0; i + 1 < count; i += 2)
            {
                var x1 = (int)((row[i] + (One >> 1)) >> Shift);
                var x2 = (int)((row[i + 1] + (One >> 1)) >> Shift);
                x1 = Math.Max(x1, 0);
                x2 = Math.Min(x2, width - 1);
                if (x1 <= x2)
                {
                    mask.Slice(y * width + x1, x2 - x1 + 1).Fill(1);
                }
            }
        }
    }

    /// <summary>An 8-connected line between two pixels, endpoints included (Bresenham).</summary>
    public static void DrawLine(Point2I from, Point2I to, Span<byte> mask, int width, int height)
    {
        int x0 = from.X, y0 = from.Y, x1 = to.X, y1 = to.Y;
        var dx = Math.Abs(x1 - x0);
        var dy = -Math.Abs(y1 - y0);
        var sx = x0 < x1 ? 1 : -1;
        var sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        while (true)
        {
            if ((uint)x0 < (uint)width && (uint)y0 < (uint)height)
            {
                mask[y0 * width + x0] = 1;
            }

            if (x0 == x1 && y0 == y1)
            {
                break;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }
}

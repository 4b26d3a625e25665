using System.Drawing;

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>Solid polygon filling on a <see cref="BgrImage"/>, boundary pixels included (as PIL's and OpenCV's fills).</summary>
public static class PolygonFill
{
    /// <summary>Fills the polygon (any winding, even-odd rule) with <paramref name="color"/>, clipped to the image.</summary>
    public static void Fill(BgrImage image, ReadOnlySpan<Point> polygon, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (polygon.Length == 0)
        {
            return;
        }

        int yMin = int.MaxValue, yMax = int.MinValue;
        foreach (var p in polygon)
        {
            yMin = Math.Min(yMin, p.Y);
            yMax = Math.Max(yMax, p.Y);
        }

        yMin = Math.Max(yMin, 0);
        yMax = Math.Min(yMax, image.Height - 1);
        Span<double> crossings = polygon.Length <= 64 ? stackalloc double[polygon.Length] : new double[polygon.Length];
        for (var y = yMin; y <= yMax; y++)
        {
            // Crossings of the scanline through pixel centres with each non-horizontal edge (half-open in y).
            var count = 0;
            for (var i = 0; i < polygon.Length; i++)
            {
                var a = polygon[i];
                var b = polygon[(i + 1) % polygon.Length];
                if (a.Y == b.Y)
                {
                    continue;
                }

                if ((y >= a.Y && y < b.Y) || (y >= b.Y && y < a.Y))
                {
                    crossings[count++] = a.X + (y - a.Y) * (double)(b.X - a.X) / (b.Y - a.Y);
                }
            }

            var spans = crossings[..count];
            spans.Sort();
            var row = image.Row(y);
            for (var k = 0; k + 1 < count; k += 2)
            {
                Span(row, image.Width, (int)Math.Floor(spans[k]), (int)Math.Ceiling(spans[k + 1]), color);
            }
        }

        // The outline itself, so that edges (including horizontal ones and the bottom row) are covered.
        Polyline.Draw(image, polygon, closed: true, color);
    }

    private static void Span(Span<byte> row, int width, int x0, int x1, BgrColor color)
    {
        x0 = Math.Max(x0, 0);
        x1 = Math.Min(x1, width - 1);
        for (var x = x0; x <= x1; x++)
        {
            row[3 * x] = color.B;
            row[3 * x + 1] = color.G;
            row[3 * x + 2] = color.R;
        }
    }
}

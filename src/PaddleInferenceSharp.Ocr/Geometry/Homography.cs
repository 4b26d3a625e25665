namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>Perspective transforms between four point pairs (OpenCV's <c>getPerspectiveTransform</c>).</summary>
internal static class Homography
{
    /// <summary>
    /// The 3x3 matrix (row-major, <c>m[8]</c> = 1) mapping the rectangle corners (0,0), (w,0), (w,h), (0,h) onto
    /// <paramref name="quad"/>'s corners in that order.
    /// </summary>
    public static double[] FromRectangle(int width, int height, ReadOnlySpan<Point2F> quad)
    {
        if (quad.Length != 4)
        {
            throw new ArgumentException("A perspective transform needs 4 points.", nameof(quad));
        }

        Span<Point2F> rect = [new(0, 0), new(width, 0), new(width, height), new(0, height)];
        return Solve(rect, quad);
    }

    /// <summary>The 3x3 matrix (row-major, <c>m[8]</c> = 1) mapping each <paramref name="from"/> point onto the <paramref name="to"/> point.</summary>
    /// <exception cref="ArgumentException">Three of the points are collinear (the system is singular).</exception>
    public static double[] Solve(ReadOnlySpan<Point2F> from, ReadOnlySpan<Point2F> to)
    {
        // Unknowns h0..h7 with  u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1),  v = (h3 x + h4 y + h5) / (h6 x + h7 y + 1).
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            double x = from[i].X, y = from[i].Y, u = to[i].X, v = to[i].Y;
            a[i, 0] = x; a[i, 1] = y; a[i, 2] = 1; a[i, 6] = -x * u; a[i, 7] = -y * u; a[i, 8] = u;
            a[i + 4, 3] = x; a[i + 4, 4] = y; a[i + 4, 5] = 1; a[i + 4, 6] = -x * v; a[i + 4, 7] = -y * v; a[i + 4, 8] = v;
        }

        // Gaussian elimination with partial pivoting.
        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                throw new ArgumentException("The points are degenerate: no perspective transform maps them.");
            }

            if (pivot != col)
            {
                for (var c = col; c < 9; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }
            }

            for (var r = col + 1; r < 8; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var c = col; c < 9; c++)
                {
                    a[r, c] -= f * a[col, c];
                }
            }
        }

        var h = new double[9];
        for (var r = 7; r >= 0; r--)
        {
            var sum = a[r, 8];
            for (var c = r + 1; c < 8; c++)
            {
                sum -= a[r, c] * h[c];
            }

            h[r] = sum / a[r, r];
        }

        h[8] = 1;
        return h;
    }
}

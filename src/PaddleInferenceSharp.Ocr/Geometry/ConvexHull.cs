namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>Convex hulls of integer point sets (Andrew's monotone chain), without collinear points.</summary>
internal static class ConvexHull
{
    /// <summary>
    /// The hull of <paramref name="points"/>, starting at the left-most (then top-most) point and turning
    /// counter-clockwise in a y-up frame (clockwise on screen), as OpenCV's <c>convexHull(clockwise=false)</c> orients it.
    /// </summary>
    public static Point2I[] Compute(ReadOnlySpan<Point2I> points)
    {
        if (points.Length == 0)
        {
            return [];
        }

        var sorted = points.ToArray();
        Array.Sort(sorted, static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var unique = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[unique - 1])
            {
                sorted[unique++] = sorted[i];
            }
        }

        if (unique <= 2)
        {
            return sorted[..unique];
        }

        var hull = new Point2I[2 * unique];
        var k = 0;
        // Keep strictly counter-clockwise turns (cross product > 0 with y taken as pointing up).
        for (var i = 0; i < unique; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0)
            {
                k--;
            }

            hull[k++] = sorted[i];
        }

        for (int i = unique - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0)
            {
                k--;
            }

            hull[k++] = sorted[i];
        }

        return hull[..(k - 1)];
    }

    private static long Cross(Point2I o, Point2I a, Point2I b) =>
        (long)(a.X - o.X) * (b.Y - o.Y) - (long)(a.Y - o.Y) * (b.X - o.X);
}

namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>A rotated rectangle: centre, size and angle in degrees (OpenCV's RotatedRect).</summary>
/// <param name="Center">The centre.</param>
/// <param name="Width">Length of the side along the angle.</param>
/// <param name="Height">Length of the other side.</param>
/// <param name="Angle">Rotation of the width side, in degrees.</param>
internal readonly record struct RotatedRect(Point2F Center, float Width, float Height, float Angle)
{
    /// <summary>The four corners, computed in single precision as OpenCV's <c>RotatedRect::points</c> / <c>cv2.boxPoints</c>.</summary>
    public Point2F[] Corners()
    {
        var radians = Angle * Math.PI / 180.0;
        var b = (float)Math.Cos(radians) * 0.5f;
        var a = (float)Math.Sin(radians) * 0.5f;
        var p0 = new Point2F(Center.X - a * Height - b * Width, Center.Y + b * Height - a * Width);
        var p1 = new Point2F(Center.X + a * Height - b * Width, Center.Y - b * Height - a * Width);
        var p2 = new Point2F(2 * Center.X - p0.X, 2 * Center.Y - p0.Y);
        var p3 = new Point2F(2 * Center.X - p1.X, 2 * Center.Y - p1.Y);
        return [p0, p1, p2, p3];
    }

    /// <summary>
    /// The corners in PaddleX's order — top-left, top-right, bottom-right, bottom-left — chosen as its
    /// <c>get_mini_boxes</c> does: stable-sort by x, then take the upper of the two left and of the two right points first.
    /// </summary>
    public Point2F[] OrderedCorners()
    {
        var c = Corners();
        // Stable insertion sort by x (Python's sorted()).
        for (var i = 1; i < 4; i++)
        {
            var p = c[i];
            var j = i - 1;
            while (j >= 0 && c[j].X > p.X)
            {
                c[j + 1] = c[j];
                j--;
            }

            c[j + 1] = p;
        }

        var (topLeft, bottomLeft) = c[1].Y > c[0].Y ? (c[0], c[1]) : (c[1], c[0]);
        var (topRight, bottomRight) = c[3].Y > c[2].Y ? (c[2], c[3]) : (c[3], c[2]);
        return [topLeft, topRight, bottomRight, bottomLeft];
    }

    /// <summary>The shorter side.</summary>
    public float ShortSide => Math.Min(Width, Height);
}

/// <summary>
/// The minimum-area enclosing rectangle of a point set: convex hull, then rotating calipers in single precision,
/// following OpenCV's <c>minAreaRect</c> step for step (edge vectors and their inverse lengths in float, the first
/// caliper base (orientation, 0), calipers started at the lowest, right-most, highest and left-most hull points, and
/// the last rectangle of minimal area kept on ties).
/// </summary>
internal static class MinAreaRect
{
    /// <summary>The minimum-area rectangle around integer points.</summary>
    public static RotatedRect Compute(ReadOnlySpan<Point2I> points)
    {
        var hull = ConvexHull.Compute(points);
        var h = new Point2F[hull.Length];
        for (var i = 0; i < hull.Length; i++)
        {
            h[i] = new Point2F(hull[i].X, hull[i].Y);
        }

        return FromHull(h);
    }

    /// <summary>The minimum-area rectangle of a convex polygon given in order.</summary>
    public static RotatedRect FromHull(ReadOnlySpan<Point2F> hull)
    {
        var n = hull.Length;
        if (n > 2)
        {
            Span<Point2F> output = stackalloc Point2F[3];
            RotatingCalipers(hull, output);
            var center = new Point2F(output[0].X + (output[1].X + output[2].X) * 0.5f, output[0].Y + (output[1].Y + output[2].Y) * 0.5f);
            var width = (float)Math.Sqrt((double)output[1].X * output[1].X + (double)output[1].Y * output[1].Y);
            var height = (float)Math.Sqrt((double)output[2].X * output[2].X + (double)output[2].Y * output[2].Y);
            var angle = (float)Math.Atan2(output[1].Y, output[1].X);
            return new RotatedRect(center, width, height, ToDegrees(angle));
        }

        if (n == 2)
        {
            var center = new Point2F((hull[0].X + hull[1].X) * 0.5f, (hull[0].Y + hull[1].Y) * 0.5f);
            double dx = hull[1].X - hull[0].X;
            double dy = hull[1].Y - hull[0].Y;
            return new RotatedRect(center, (float)Math.Sqrt(dx * dx + dy * dy), 0, ToDegrees((float)Math.Atan2(dy, dx)));
        }

        return n == 1 ? new RotatedRect(hull[0], 0, 0, 0) : default;
    }

    // OpenCV converts with a float multiply by 180, then a double division by pi.
    private static float ToDegrees(float radians) => (float)(radians * 180f / Math.PI);

    /// <summary>Writes the rectangle as corner point, width vector and height vector into <paramref name="output"/>.</summary>
    private static void RotatingCalipers(ReadOnlySpan<Point2F> points, Span<Point2F> output)
    {
        var n = points.Length;
        var vectors = new Point2F[n];
        var inverseLength = new float[n];
        int left = 0, bottom = 0, right = 0, top = 0;
        var pt0 = points[0];
        float leftX = pt0.X, rightX = pt0.X, topY = pt0.Y, bottomY = pt0.Y;
        for (var i = 0; i < n; i++)
        {
            if (pt0.X < leftX) { leftX = pt0.X; left = i; }
            if (pt0.X > rightX) { rightX = pt0.X; right = i; }
            if (pt0.Y > topY) { topY = pt0.Y; top = i; }
            if (pt0.Y < bottomY) { bottomY = pt0.Y; bottom = i; }

            var pt = points[i + 1 < n ? i + 1 : 0];
            double dx = pt.X - pt0.X;
            double dy = pt.Y - pt0.Y;
            vectors[i] = new Point2F((float)dx, (float)dy);
            inverseLength[i] = (float)(1.0 / Math.Sqrt(dx * dx + dy * dy));
            pt0 = pt;
        }

        // Orientation of the polygon from the first non-zero cross product of consecutive edges.
        var orientation = 0f;
        {
            double ax = vectors[n - 1].X, ay = vectors[n - 1].Y;
            for (var i = 0; i < n; i++)
            {
                double bx = vectors[i].X, by = vectors[i].Y;
                var convexity = ax * by - ay * bx;
                if (convexity != 0)
                {
                    orientation = convexity > 0 ? 1f : -1f;
                    break;
                }

                ax = bx;
                ay = by;
            }

            if (orientation == 0)
            {
                throw new ArgumentException("The points are collinear; no rectangle can be fitted.", nameof(points));
            }
        }

        var baseA = orientation;
        var baseB = 0f;
        Span<int> seq = [bottom, right, top, left];
        var minArea = float.MaxValue;
        int bestLeft = 0, bestBottom = 0;
        float bestA = 0, bestB = 0, bestWidth = 0, bestHeight = 0;
        Span<float> dp = stackalloc float[4];
        for (var k = 0; k < n; k++)
        {
            dp[0] = baseA * vectors[seq[0]].X + baseB * vectors[seq[0]].Y;
            dp[1] = -baseB * vectors[seq[1]].X + baseA * vectors[seq[1]].Y;
            dp[2] = -baseA * vectors[seq[2]].X - baseB * vectors[seq[2]].Y;
            dp[3] = baseB * vectors[seq[3]].X - baseA * vectors[seq[3]].Y;
            var maxCos = dp[0] * inverseLength[seq[0]];
            var main = 0;
            for (var i = 1; i < 4; i++)
            {
                var cos = dp[i] * inverseLength[seq[i]];
                if (cos > maxCos)
                {
                    main = i;
                    maxCos = cos;
                }
            }

            var p = seq[main];
            var leadX = vectors[p].X * inverseLength[p];
            var leadY = vectors[p].Y * inverseLength[p];
            switch (main)
            {
                case 0: baseA = leadX; baseB = leadY; break;
                case 1: baseA = leadY; baseB = -leadX; break;
                case 2: baseA = -leadX; baseB = -leadY; break;
                default: baseA = -leadY; baseB = leadX; break;
            }

            seq[main] = seq[main] + 1 == n ? 0 : seq[main] + 1;

            var wx = points[seq[1]].X - points[seq[3]].X;
            var wy = points[seq[1]].Y - points[seq[3]].Y;
            var width = wx * baseA + wy * baseB;
            var hx = points[seq[2]].X - points[seq[0]].X;
            var hy = points[seq[2]].Y - points[seq[0]].Y;
            var height = -hx * baseB + hy * baseA;
            var area = width * height;
            if (area <= minArea)
            {
                minArea = area;
                bestLeft = seq[3];
                bestA = baseA;
                bestWidth = width;
                bestB = baseB;
                bestHeight = height;
                bestBottom = seq[0];
            }
        }

        var a1 = bestA;
        var b1 = bestB;
        var a2 = -bestB;
        var b2 = bestA;
        var c1 = a1 * points[bestLeft].X + points[bestLeft].Y * b1;
        var c2 = a2 * points[bestBottom].X + points[bestBottom].Y * b2;
        var inverseDet = 1f / (a1 * b2 - a2 * b1);
        var px = (c1 * b2 - c2 * b1) * inverseDet;
        var py = (a1 * c2 - a2 * c1) * inverseDet;
        output[0] = new Point2F(px, py);
        output[1] = new Point2F(a1 * bestWidth, b1 * bestWidth);
        output[2] = new Point2F(a2 * bestHeight, b2 * bestHeight);
    }
}

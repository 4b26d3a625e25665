namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>
/// Outward offset of a closed polygon with round joins on integer coordinates — the operation PaddleX's DB
/// post-processing performs with pyclipper (<c>JT_ROUND</c>, <c>ET_CLOSEDPOLYGON</c>, arc tolerance 0.25).
/// </summary>
/// <remarks>
/// Follows Clipper's offsetting: duplicate vertices are dropped, the path is turned to positive orientation,
/// unit edge normals are computed, and each vertex gets an arc from the previous edge's normal to the next edge's
/// normal in steps of <c>2π / steps</c> with <c>steps = π / acos(1 - tolerance / |δ|)</c>; coordinates are rounded half
/// away from zero. Concave vertices are bridged through the original vertex. The result is the offset outline before
/// Clipper's final union, which for the convex boxes DB produces is already simple; DB only takes its minimum-area
/// rectangle, which depends on nothing but its convex hull.
/// </remarks>
internal static class PolygonOffset
{
    /// <summary>Clipper's default arc tolerance.</summary>
    public const double DefaultArcTolerance = 0.25;

    /// <summary>Offsets <paramref name="polygon"/> outwards by <paramref name="delta"/> (must be positive).</summary>
    /// <returns>The offset outline; empty when the polygon has fewer than three distinct vertices.</returns>
    public static List<Point2I> OffsetRound(ReadOnlySpan<Point2I> polygon, double delta)
    {
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The offset distance must be positive.");
        }

        // Drop a closing duplicate and consecutive duplicates, as ClipperOffset.AddPath does.
        var high = polygon.Length - 1;
        while (high > 0 && polygon[0] == polygon[high])
        {
            high--;
        }

        var path = new List<Point2I>(high + 1);
        if (high >= 0)
        {
            path.Add(polygon[0]);
            for (var i = 1; i <= high; i++)
            {
                if (path[^1] != polygon[i])
                {
                    path.Add(polygon[i]);
                }
            }
        }

        var result = new List<Point2I>();
        if (path.Count < 3)
        {
            return result;
        }

        if (ClipperArea(path) < 0)
        {
            path.Reverse();
        }

        var y = delta * DefaultArcTolerance < DefaultArcTolerance ? delta * DefaultArcTolerance : DefaultArcTolerance;
        var steps = Math.PI / Math.Acos(1 - y / delta);
        if (steps > delta * Math.PI)
        {
            steps = delta * Math.PI;
        }

        var sin = Math.Sin(2 * Math.PI / steps);
        var cos = Math.Cos(2 * Math.PI / steps);
        var stepsPerRadian = steps / (2 * Math.PI);

        var len = path.Count;
        var normals = new (double X, double Y)[len];
        for (var j = 0; j < len; j++)
        {
            normals[j] = UnitNormal(path[j], path[(j + 1) % len]);
        }

        var k = len - 1;
        for (var j = 0; j < len; j++)
        {
            var sinA = normals[k].X * normals[j].Y - normals[j].X * normals[k].Y;
            var src = path[j];
            var nearlyStraight = false;
            if (Math.Abs(sinA * delta) < 1.0)
            {
                var cosA = normals[k].X * normals[j].X + normals[j].Y * normals[k].Y;
                if (cosA > 0)
                {
                    result.Add(new Point2I(Round(src.X + normals[k].X * delta), Round(src.Y + normals[k].Y * delta)));
                    nearlyStraight = true;
                }
            }
            else
            {
                sinA = Math.Clamp(sinA, -1.0, 1.0);
            }

            if (!nearlyStraight)
            {
                if (sinA * delta < 0)
                {
                    result.Add(new Point2I(Round(src.X + normals[k].X * delta), Round(src.Y + normals[k].Y * delta)));
                    result.Add(src);
                    result.Add(new Point2I(Round(src.X + normals[j].X * delta), Round(src.Y + normals[j].Y * delta)));
                }
                else
                {
                    var a = Math.Atan2(sinA, normals[k].X * normals[j].X + normals[k].Y * normals[j].Y);
                    var count = Math.Max((int)Round(stepsPerRadian * Math.Abs(a)), 1);
                    double x = normals[k].X, ny = normals[k].Y;
                    for (var i = 0; i < count; i++)
                    {
                        result.Add(new Point2I(Round(src.X + x * delta), Round(src.Y + ny * delta)));
                        var x2 = x;
                        x = x * cos - sin * ny;
                        ny = x2 * sin + ny * cos;
                    }

                    result.Add(new Point2I(Round(src.X + normals[j].X * delta), Round(src.Y + normals[j].Y * delta)));
                }
            }

            k = j;
        }

        return result;
    }

    /// <summary>Clipper's signed area (positive for its "positive" orientation).</summary>
    internal static double ClipperArea(IReadOnlyList<Point2I> path)
    {
        double a = 0;
        for (int i = 0, j = path.Count - 1; i < path.Count; j = i++)
        {
            a += ((double)path[j].X + path[i].X) * ((double)path[j].Y - path[i].Y);
        }

        return -a * 0.5;
    }

    private static (double X, double Y) UnitNormal(Point2I from, Point2I to)
    {
        double dx = to.X - from.X;
        double dy = to.Y - from.Y;
        if (dx == 0 && dy == 0)
        {
            return (0, 0);
        }

        var f = 1.0 / Math.Sqrt(dx * dx + dy * dy);
        dx *= f;
        dy *= f;
        return (dy, -dx);
    }

    // Clipper's Round: half away from zero.
    private static int Round(double value) => value < 0 ? (int)(value - 0.5) : (int)(value + 0.5);
}

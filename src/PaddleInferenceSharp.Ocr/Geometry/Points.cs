namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>A point with integer pixel coordinates.</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
public readonly record struct Point2I(int X, int Y);

/// <summary>A point with single-precision coordinates (OpenCV's Point2f).</summary>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
public readonly record struct Point2F(float X, float Y);

/// <summary>A quadrilateral text box: top-left, top-right, bottom-right, bottom-left (PaddleX's point order).</summary>
/// <param name="P0">Top-left.</param>
/// <param name="P1">Top-right.</param>
/// <param name="P2">Bottom-right.</param>
/// <param name="P3">Bottom-left.</param>
public readonly record struct Quad(Point2I P0, Point2I P1, Point2I P2, Point2I P3)
{
    /// <summary>The corner with index 0..3.</summary>
    public Point2I this[int index] => index switch
    {
        0 => P0,
        1 => P1,
        2 => P2,
        3 => P3,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A quad has corners 0 to 3."),
    };

    /// <summary>The axis-aligned bounds [x_min, y_min, x_max, y_max] (PaddleX's <c>rec_boxes</c> row).</summary>
    public (int XMin, int YMin, int XMax, int YMax) Bounds()
    {
        var xMin = Math.Min(Math.Min(P0.X, P1.X), Math.Min(P2.X, P3.X));
        var xMax = Math.Max(Math.Max(P0.X, P1.X), Math.Max(P2.X, P3.X));
        var yMin = Math.Min(Math.Min(P0.Y, P1.Y), Math.Min(P2.Y, P3.Y));
        var yMax = Math.Max(Math.Max(P0.Y, P1.Y), Math.Max(P2.Y, P3.Y));
        return (xMin, yMin, xMax, yMax);
    }
}

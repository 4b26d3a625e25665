using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Differentiable-Binarization post-processing as PaddleX's <c>DBPostProcess</c> (box type <c>quad</c>):
/// threshold the probability map, find the contours, fit each with its minimum-area rectangle, score it, expand it by
/// <c>area x unclip_ratio / perimeter</c> with a round-joined polygon offset, fit again and scale to the source image.
/// </summary>
/// <remarks>Thread-safe: it holds no state.</remarks>
internal static class DbPostProcessor
{
    /// <summary>PaddleX's <c>min_size</c>: boxes whose short side is below this (before unclip) or this + 2 (after) are dropped.</summary>
    public const int MinSize = 3;

    /// <summary>Extracts boxes from one probability map.</summary>
    /// <param name="probabilities">The map, row-major <paramref name="mapWidth"/> x <paramref name="mapHeight"/>.</param>
    /// <param name="mapWidth">Map width (the network input width).</param>
    /// <param name="mapHeight">Map height.</param>
    /// <param name="sourceWidth">Width of the image the boxes are scaled to.</param>
    /// <param name="sourceHeight">Height of the image the boxes are scaled to.</param>
    /// <param name="options">Thresholds and modes.</param>
    /// <returns>The boxes in contour order (not yet sorted for reading).</returns>
    public static List<ScoredQuad> Process(ReadOnlySpan<float> probabilities, int mapWidth, int mapHeight, int sourceWidth, int sourceHeight, TextDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pixels = mapWidth * mapHeight;
        if (probabilities.Length < pixels)
        {
            throw new ArgumentException($"The map holds {probabilities.Length} values; {mapWidth}x{mapHeight} needs {pixels}.", nameof(probabilities));
        }

        var bitmap = PooledArrays.Rent<byte>(pixels);
        try
        {
            var mask = bitmap.AsSpan(0, pixels);
            // NumPy compares the float32 map with the threshold converted to float32.
            var thresh = (float)options.Thresh;
            for (var i = 0; i < pixels; i++)
            {
                mask[i] = probabilities[i] > thresh ? (byte)1 : (byte)0;
            }

            if (options.UseDilation)
            {
                Dilate2x2(mask, mapWidth, mapHeight);
            }

            var contours = ContourFinder.FindContours(mask, mapWidth, mapHeight);
            var widthScale = (double)sourceWidth / mapWidth;
            var heightScale = (double)sourceHeight / mapHeight;
            var results = new List<ScoredQuad>();
            var count = Math.Min(contours.Count, options.MaxCandidates);
            for (var c = 0; c < count; c++)
            {
                var contour = contours[c];
                var (box, shortSide) = MiniBox(contour);
                if (shortSide < MinSize)
                {
                    continue;
                }

                var score = options.ScoreMode == ScoreMode.Fast
                    ? BoxScoreFast(probabilities, mapWidth, mapHeight, box)
                    : BoxScoreSlow(probabilities, mapWidth, mapHeight, contour);
                if (options.BoxThresh > score)
                {
                    continue;
                }

                var expanded = Unclip(box, options.UnclipRatio);
                if (expanded.Count == 0)
                {
                    continue;
                }

                var (final, finalShortSide) = MiniBox(expanded.ToArray());
                if (finalShortSide < MinSize + 2)
                {
                    continue;
                }

                results.Add(new ScoredQuad(
                    new Quad(
                        Scale(final[0], widthScale, heightScale, sourceWidth, sourceHeight),
                        Scale(final[1], widthScale, heightScale, sourceWidth, sourceHeight),
                        Scale(final[2], widthScale, heightScale, sourceWidth, sourceHeight),
                        Scale(final[3], widthScale, heightScale, sourceWidth, sourceHeight)),
                    (float)score));
            }

            return results;
        }
        finally
        {
            PooledArrays.Return(bitmap);
        }
    }

    /// <summary>
    /// PaddleX's <c>get_mini_boxes</c>: the minimum-area rectangle's corners ordered top-left, top-right,
    /// bottom-right, bottom-left (by x, then by y within each side), and its shorter side.
    /// </summary>
    public static (Point2F[] Box, float ShortSide) MiniBox(ReadOnlySpan<Point2I> points)
    {
        var rect = MinAreaRect.Compute(points);
        return (rect.OrderedCorners(), rect.ShortSide);
    }

    /// <summary>
    /// PaddleX's <c>unclip</c>: offset the box by <c>area x ratio / perimeter</c>. The box corners are truncated to
    /// integers first, as pyclipper converts them.
    /// </summary>
    public static List<Point2I> Unclip(ReadOnlySpan<Point2F> box, double unclipRatio)
    {
        double area = 0;
        double length = 0;
        for (int i = 0, j = box.Length - 1; i < box.Length; j = i++)
        {
            area += (double)box[j].X * box[i].Y - (double)box[j].Y * box[i].X;
            // cv2.arcLength works in single precision per edge.
            var dx = box[i].X - box[j].X;
            var dy = box[i].Y - box[j].Y;
            length += MathF.Sqrt(dx * dx + dy * dy);
        }

        area = Math.Abs(area * 0.5);
        var distance = area * unclipRatio / length;
        Span<Point2I> integer = stackalloc Point2I[box.Length];
        for (var i = 0; i < box.Length; i++)
        {
            integer[i] = new Point2I((int)box[i].X, (int)box[i].Y);
        }

        return distance > 0 ? PolygonOffset.OffsetRound(integer, distance) : [];
    }

    /// <summary>PaddleX's <c>box_score_fast</c>: mean probability inside the box polygon within its clipped bounding box.</summary>
    public static double BoxScoreFast(ReadOnlySpan<float> map, int width, int height, ReadOnlySpan<Point2F> box)
    {
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        foreach (var p in box)
        {
            minX = Math.Min(minX, p.X);
            maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }

        var xmin = Math.Clamp((int)Math.Floor(minX), 0, width - 1);
        var xmax = Math.Clamp((int)Math.Ceiling(maxX), 0, width - 1);
        var ymin = Math.Clamp((int)Math.Floor(minY), 0, height - 1);
        var ymax = Math.Clamp((int)Math.Ceiling(maxY), 0, height - 1);
        Span<Point2I> local = stackalloc Point2I[box.Length];
        for (var i = 0; i < box.Length; i++)
        {
            local[i] = new Point2I((int)(box[i].X - xmin), (int)(box[i].Y - ymin));
        }

        return MaskedMean(map, width, xmin, xmax, ymin, ymax, local);
    }

    /// <summary>PaddleX's <c>box_score_slow</c>: mean probability inside the contour polygon.</summary>
    public static double BoxScoreSlow(ReadOnlySpan<float> map, int width, int height, ReadOnlySpan<Point2I> contour)
    {
        int minX = int.MaxValue, maxX = int.MinValue, minY = int.MaxValue, maxY = int.MinValue;
        foreach (var p in contour)
        {
            minX = Math.Min(minX, p.X);
            maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }

        var xmin = Math.Clamp(minX, 0, width - 1);
        var xmax = Math.Clamp(maxX, 0, width - 1);
        var ymin = Math.Clamp(minY, 0, height - 1);
        var ymax = Math.Clamp(maxY, 0, height - 1);
        var local = new Point2I[contour.Length];
        for (var i = 0; i < contour.Length; i++)
        {
            local[i] = new Point2I(contour[i].X - xmin, contour[i].Y - ymin);
        }

        return MaskedMean(map, width, xmin, xmax, ymin, ymax, local);
    }

    private static double MaskedMean(ReadOnlySpan<float> map, int width, int xmin, int xmax, int ymin, int ymax, ReadOnlySpan<Point2I> polygon)
    {
        var w = xmax - xmin + 1;
        var h = ymax - ymin + 1;
        var buffer = PooledArrays.Rent<byte>(w * h);
        try
        {
            var mask = buffer.AsSpan(0, w * h);
            mask.Clear();
            PolygonRasterizer.Fill(polygon, mask, w, h);
            double sum = 0;
            var n = 0;
            for (var y = 0; y < h; y++)
            {
                var row = map.Slice((ymin + y) * width + xmin, w);
                var m = mask.Slice(y * w, w);
                for (var x = 0; x < w; x++)
                {
                    if (m[x] != 0)
                    {
                        sum += row[x];
                        n++;
                    }
                }
            }

            return n == 0 ? 0 : sum / n;
        }
        finally
        {
            PooledArrays.Return(buffer);
        }
    }

    private static Point2I Scale(Point2F p, double widthScale, double heightScale, int width, int height) =>
        new(
            (int)Math.Clamp(Math.Round(p.X * widthScale, MidpointRounding.ToEven), 0, width),
            (int)Math.Clamp(Math.Round(p.Y * heightScale, MidpointRounding.ToEven), 0, height));

    // cv2.dilate with a 2x2 kernel anchored at (1, 1): a pixel is set if it or its west, north or north-west neighbour is.
    private static void Dilate2x2(Span<byte> mask, int width, int height)
    {
        for (var y = height - 1; y >= 0; y--)
        {
            for (var x = width - 1; x >= 0; x--)
            {
                var i = y * width + x;
                if (mask[i] != 0)
                {
                    continue;
                }

                var set = (x > 0 && mask[i - 1] != 0)
                    || (y > 0 && mask[i - width] != 0)
                    || (x > 0 && y > 0 && mask[i - width - 1] != 0);
                if (set)
                {
                    mask[i] = 1;
                }
            }
        }
    }
}

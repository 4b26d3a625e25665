using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Ocr.Geometry;

/// <summary>
/// Border following (Suzuki &amp; Abe, 1985) over a binary image, as OpenCV's
/// <c>findContours(RETR_LIST, CHAIN_APPROX_SIMPLE)</c> runs it: every outer border and every hole border of the
/// 8-connected foreground, each as the points where the chain changes direction, listed in reverse order of discovery.
/// </summary>
/// <remarks>
/// The image is framed by one pixel of background, so foreground touching the image edge forms closed borders.
/// Chain directions: 0 east, 1 north-east, 2 north, ... 7 south-east (counter-clockwise on screen, y down).
/// An outer border starts at a foreground pixel whose west neighbour is background and is searched from the west;
/// a hole border starts at a foreground pixel (not yet marked as a right boundary) whose east neighbour is background.
/// </remarks>
internal static class ContourFinder
{
    private static readonly int[] DeltaX = [1, 1, 0, -1, -1, -1, 0, 1];
    private static readonly int[] DeltaY = [0, -1, -1, -1, 0, 1, 1, 1];

    /// <summary>Finds the borders of the non-zero pixels of a row-major <paramref name="width"/> x <paramref name="height"/> mask.</summary>
    /// <returns>The contours, each a closed chain of points (compressed to direction changes).</returns>
    public static List<Point2I[]> FindContours(ReadOnlySpan<byte> mask, int width, int height)
    {
        if (mask.Length < width * height)
        {
            throw new ArgumentException($"The mask holds {mask.Length} pixels; {width}x{height} needs {width * height}.", nameof(mask));
        }

        var stride = width + 2;
        var size = stride * (height + 2);
        var labels = PooledArrays.Rent<int>(size);
        var found = new List<Point2I[]>();
        try
        {
            var img = labels.AsSpan(0, size);
            img.Clear();
            for (var y = 0; y < height; y++)
            {
                var row = mask.Slice(y * width, width);
                var target = img.Slice((y + 1) * stride + 1, width);
                for (var x = 0; x < width; x++)
                {
                    target[x] = row[x] != 0 ? 1 : 0;
                }
            }

            Span<int> delta = [1, -stride + 1, -stride, -stride - 1, -1, stride - 1, stride, stride + 1];
            var nbd = 1;
            var points = new List<Point2I>();
            for (var y = 1; y <= height; y++)
            {
                var prev = 0;
                for (var x = 1; x <= width; x++)
                {
                    var index = y * stride + x;
                    var p = img[index];
                    if (p == prev)
                    {
                        continue;
                    }

                    var isOuter = prev == 0 && p == 1;
                    var isHole = !isOuter && p == 0 && prev >= 1;
                    if (isOuter || isHole)
                    {
                        nbd++;
                        var originX = isHole ? x - 1 : x;
                        points.Clear();
                        Trace(img, delta, y * stride + originX, originX - 1, y - 1, isHole, nbd, points);
                        found.Add([.. points]);
                        p = img[index];
                    }

                    prev = p;
                }
            }
        }
        finally
        {
            PooledArrays.Return(labels);
        }

        // OpenCV links each new contour in front of the previous ones (RETR_LIST), so the list is reversed.
        found.Reverse();
        return found;
    }

    private static void Trace(Span<int> img, ReadOnlySpan<int> delta, int i0, int px, int py, bool isHole, int nbd, List<Point2I> points)
    {
        // Look clockwise around the start for the first foreground neighbour.
        var s = isHole ? 0 : 4;
        var sEnd = s;
        int i1;
        do
        {
            s = (s - 1) & 7;
            i1 = i0 + delta[s];
        }
        while (img[i1] == 0 && s != sEnd);

        if (s == sEnd)
        {
            // An isolated pixel.
            img[i0] = -nbd;
            points.Add(new Point2I(px, py));
            return;
        }

        var i3 = i0;
        var prevS = s ^ 4;
        while (true)
        {
            sEnd = s;
            int i4;
            while (true)
            {
                s = (s + 1) & 7;
                i4 = i3 + delta[s];
                if (img[i4] != 0)
                {
                    break;
                }
            }

            // The east neighbour was examined and is background: i3 is on a right boundary.
            if ((uint)(s - 1) < (uint)sEnd)
            {
                img[i3] = -nbd;
            }
            else if (img[i3] == 1)
            {
                img[i3] = nbd;
            }

            if (s != prevS)
            {
                points.Add(new Point2I(px, py));
                prevS = s;
            }

            px += DeltaX[s];
            py += DeltaY[s];
            if (i4 == i0 && i3 == i1)
            {
                break;
            }

            i3 = i4;
            s = (s + 4) & 7;
        }
    }
}

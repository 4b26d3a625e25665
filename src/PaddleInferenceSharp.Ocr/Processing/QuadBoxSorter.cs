using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Reading order for detected boxes, as PaddleX's <c>SortQuadBoxes</c>: sort by the first corner's (y, x), then
/// let a box move left past its predecessors while their first corners are less than 10 px apart vertically and it
/// lies further left (boxes on one text line read left to right).
/// </summary>
internal static class QuadBoxSorter
{
    /// <summary>Returns the indices of <paramref name="boxes"/> in reading order.</summary>
    public static int[] Order(IReadOnlyList<Quad> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var order = new int[boxes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable, like Python's sorted().
        var keyed = order.Select(i => (Index: i, boxes[i].P0.Y, boxes[i].P0.X)).OrderBy(k => k.Y).ThenBy(k => k.X).Select(k => k.Index).ToArray();
        for (var i = 0; i < keyed.Length - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                var upper = boxes[keyed[j]].P0;
                var lower = boxes[keyed[j + 1]].P0;
                if (Math.Abs(lower.Y - upper.Y) < 10 && lower.X < upper.X)
                {
                    (keyed[j], keyed[j + 1]) = (keyed[j + 1], keyed[j]);
                }
                else
                {
                    break;
                }
            }
        }

        return keyed;
    }
}

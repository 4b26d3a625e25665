using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Boxes of the words of a line, as PaddleX's <c>cal_ocr_word_box</c>: the line box's width is divided into
/// <c>columns</c> equal cells (the model's time steps over the unpadded crop); a letters/digits word spans the cells
/// of its first to last character, and CJK characters get boxes of the mean CJK character width centred on their
/// cells. Boxes span the line box's top to bottom edge.
/// </summary>
internal static class WordBoxes
{
    /// <summary>Computes the word boxes.</summary>
    /// <param name="text">The line text (used when no CJK width can be measured).</param>
    /// <param name="box">The detected line box.</param>
    /// <param name="columns">Time steps covering the crop (the output length scaled by the crop's share of the padded input).</param>
    /// <param name="words">The words from <see cref="WordSegmenter"/>.</param>
    /// <returns>The word texts (CJK characters one by one) and their boxes, in PaddleX's order (letter/digit words first, then CJK characters).</returns>
    public static (IReadOnlyList<string> Words, IReadOnlyList<Quad> Boxes) Compute(string text, Quad box, double columns, IReadOnlyList<RecognizedWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        int xStart = box.P0.X, xEnd = box.P1.X, yStart = box.P0.Y, yEnd = box.P2.Y;
        var cellWidth = (xEnd - xStart) / columns;
        var contents = new List<string>();
        var boxes = new List<Quad>();
        var cjkWidths = new List<double>();
        var cjkColumns = new List<int>();
        foreach (var word in words)
        {
            if (word.Kind == WordKind.Cjk)
            {
                if (word.Columns.Count != 1)
                {
                    var span = (word.Columns[^1] - word.Columns[0] + 1) * cellWidth;
                    cjkWidths.Add(span / (word.Columns.Count - 1));
                }

                cjkColumns.AddRange(word.Columns);
                foreach (var c in word.Text)
                {
                    contents.Add(c.ToString());
                }
            }
            else
            {
                var x0 = xStart + (int)(word.Columns[0] * cellWidth);
                var x1 = xStart + (int)((word.Columns[^1] + 1) * cellWidth);
                boxes.Add(Cell(x0, x1, yStart, yEnd));
                contents.Add(word.Text);
            }
        }

        if (cjkColumns.Count > 0)
        {
            var average = cjkWidths.Count > 0 ? cjkWidths.Average() : (xEnd - xStart) / (double)Math.Max(text.Length, 1);
            foreach (var column in cjkColumns)
            {
                var center = (column + 0.5) * cellWidth;
                var x0 = Math.Max((int)(center - average / 2), 0) + xStart;
                var x1 = Math.Min((int)(center + average / 2), xEnd - xStart) + xStart;
                boxes.Add(Cell(x0, x1, yStart, yEnd));
            }
        }

        return (contents, boxes);
    }

    private static Quad Cell(int x0, int x1, int y0, int y1) => new(new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1));
}

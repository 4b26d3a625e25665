using System.Drawing;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Visualization;

/// <summary>
/// PaddleX's <c>ocr_res_img</c>: on the left the (preprocessed) page with each recognised box filled in its colour
/// and blended 50/50 with the page; on the right a white panel with each text drawn inside its box and the box
/// outlined in the same colour. Colours come from Python's <c>random.seed(0)</c>, three <c>randint(0, 255)</c> per box
/// (red, green, blue), so they match PaddleX's box for box.
/// </summary>
internal static class OcrResultRenderer
{
    /// <summary>Renders the image; the caller disposes it.</summary>
    /// <param name="page">The image OCR ran on (after document preprocessing).</param>
    /// <param name="boxes">The recognised boxes (<c>rec_polys</c>).</param>
    /// <param name="texts">Their texts (<c>rec_texts</c>).</param>
    /// <param name="font">The font texts are drawn with; its size is changed.</param>
    public static BgrImage Render(BgrImage page, IReadOnlyList<Quad> boxes, IReadOnlyList<string> texts, FontFace font)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(font);
        int w = page.Width, h = page.Height;
        var canvas = BgrImage.Create(2 * w, h);
        try
        {
            ImageFill.Paste(canvas, page, 0, 0);
            using var right = BgrImage.Create(w, h);
            ImageFill.Fill(right, BgrColor.White);
            var random = new PythonRandom(0);
            Span<Point> corners = stackalloc Point[4];
            for (var i = 0; i < Math.Min(boxes.Count, texts.Count); i++)
            {
                var r = random.RandInt(0, 255);
                var g = random.RandInt(0, 255);
                var b = random.RandInt(0, 255);
                var color = BgrColor.FromRgb(r, g, b);
                var box = boxes[i];
                corners[0] = new Point(box.P0.X, box.P0.Y);
                corners[1] = new Point(box.P1.X, box.P1.Y);
                corners[2] = new Point(box.P2.X, box.P2.Y);
                corners[3] = new Point(box.P3.X, box.P3.Y);
                PolygonFill.Fill(canvas, corners, color);
                BoxTextPainter.Paint(right, box, texts[i], font, color);
            }

            // PIL's Image.blend(page, filled, 0.5): page + 0.5 * (filled - page), truncated, i.e. the floor of the mean.
            for (var y = 0; y < h; y++)
            {
                var original = page.Row(y);
                var row = canvas.Row(y);
                for (var i = 0; i < original.Length; i++)
                {
                    row[i] = (byte)((row[i] + original[i]) >> 1);
                }
            }

            ImageFill.Paste(canvas, right, w, 0);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }
}

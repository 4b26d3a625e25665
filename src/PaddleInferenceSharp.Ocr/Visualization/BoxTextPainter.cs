using System.Drawing;
using System.Text;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Visualization;

/// <summary>
/// PaddleX's <c>draw_box_txt_fine</c>: a recognised text drawn at a fitting size in an upright box-sized image,
/// warped onto the box (nearest neighbour, white outside), outlined in the box colour and merged into the
/// panel with a bitwise AND.
/// </summary>
internal static class BoxTextPainter
{
    /// <summary>Paints <paramref name="text"/> inside <paramref name="box"/> on <paramref name="panel"/>.</summary>
    public static void Paint(BgrImage panel, Quad box, string text, FontFace font, BgrColor outline)
    {
        var boxHeight = (int)Distance(box.P0, box.P3);
        var boxWidth = (int)Distance(box.P0, box.P1);
        var (xMin, yMin, xMax, yMax) = box.Bounds();
        xMin = Math.Max(xMin, 0);
        yMin = Math.Max(yMin, 0);
        xMax = Math.Min(xMax, panel.Width - 1);
        yMax = Math.Min(yMax, panel.Height - 1);
        if (xMax < xMin || yMax < yMin)
        {
            return;
        }

        using var region = BgrImage.Create(xMax - xMin + 1, yMax - yMin + 1);
        ImageFill.Fill(region, BgrColor.White);
        if (boxWidth > 0 && boxHeight > 0 && text.Length > 0)
        {
            using var upright = BgrImage.Create(boxWidth, boxHeight);
            ImageFill.Fill(upright, BgrColor.White);
            // PaddleX switches to a vertical column of characters for tall, narrow boxes.
            var drawn = boxHeight > 2 * boxWidth && boxHeight > 30
                ? DrawVertical(upright, text, font)
                : DrawHorizontal(upright, text, font);
            if (drawn)
            {
                Warp(upright, box, region, xMin, yMin);
            }
        }

        Span<Point> outlinePoints =
        [
            new(box.P0.X - xMin, box.P0.Y - yMin), new(box.P1.X - xMin, box.P1.Y - yMin),
            new(box.P2.X - xMin, box.P2.Y - yMin), new(box.P3.X - xMin, box.P3.Y - yMin),
        ];
        Polyline.Draw(region, outlinePoints, closed: true, outline);

        for (var y = 0; y < region.Height; y++)
        {
            var source = region.Row(y);
            var target = panel.Row(yMin + y).Slice(3 * xMin, source.Length);
            for (var i = 0; i < source.Length; i++)
            {
                target[i] &= source[i];
            }
        }
    }

    // PaddleX's create_font: 0.8 of the box height, shrunk so the text's advance fits the box width.
    private static bool DrawHorizontal(BgrImage upright, string text, FontFace font)
    {
        var size = (int)(upright.Height * 0.8);
        if (size <= 0)
        {
            return false;
        }

        font.SetPixelSize(size);
        var length = font.MeasureLength(text);
        if (length > upright.Width)
        {
            size = (int)(size * upright.Width / length);
            if (size <= 0)
            {
                return false;
            }

            font.SetPixelSize(size);
        }

        font.DrawText(upright, 0, 0, text, BgrColor.Black);
        return true;
    }

    // PaddleX's create_font_vertical (scale 1.2, minimum 10 px) and draw_vertical_text (2 px between characters).
    private static bool DrawVertical(BgrImage upright, string text, FontFace font)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        var size = Math.Max((int)(upright.Height / (double)count * 0.8 * 1.2), 10);
        font.SetPixelSize(size);
        var widest = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            widest = Math.Max(widest, font.MeasureLength(rune.ToString()));
        }

        if (widest > upright.Width)
        {
            font.SetPixelSize(Math.Max((int)(size * upright.Width / widest), 10));
        }

        var y = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var character = rune.ToString();
            font.DrawText(upright, 0, y, character, BgrColor.Black);
            y += font.InkHeight(rune) + 2;
        }

        return true;
    }

    // OpenCV's warpPerspective with INTER_NEAREST and a white constant border, over the box's bounding region only.
    private static void Warp(BgrImage upright, Quad box, BgrImage region, int originX, int originY)
    {
        Span<Point2F> quad = [ToF(box.P0), ToF(box.P1), ToF(box.P2), ToF(box.P3)];
        Span<Point2F> rect = [new(0, 0), new(upright.Width, 0), new(upright.Width, upright.Height), new(0, upright.Height)];
        double[] inverse;
        try
        {
            inverse = Homography.Solve(quad, rect);
        }
        catch (ArgumentException)
        {
            // A degenerate box (collinear corners): PaddleX skips its text as well.
            return;
        }

        for (var y = 0; y < region.Height; y++)
        {
            var row = region.Row(y);
            double dy = originY + y;
            for (var x = 0; x < region.Width; x++)
            {
                double dx = originX + x;
                var w = inverse[6] * dx + inverse[7] * dy + inverse[8];
                if (w == 0)
                {
                    continue;
                }

                var sx = (int)Math.Round((inverse[0] * dx + inverse[1] * dy + inverse[2]) / w, MidpointRounding.ToEven);
                var sy = (int)Math.Round((inverse[3] * dx + inverse[4] * dy + inverse[5]) / w, MidpointRounding.ToEven);
                if ((uint)sx < (uint)upright.Width && (uint)sy < (uint)upright.Height)
                {
                    upright.Row(sy).Slice(3 * sx, 3).CopyTo(row.Slice(3 * x, 3));
                }
            }
        }
    }

    private static double Distance(Point2I a, Point2I b) => Math.Sqrt(((double)a.X - b.X) * ((double)a.X - b.X) + ((double)a.Y - b.Y) * ((double)a.Y - b.Y));

    private static Point2F ToF(Point2I p) => new(p.X, p.Y);
}

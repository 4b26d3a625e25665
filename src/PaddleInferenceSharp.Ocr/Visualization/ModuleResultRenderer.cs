using System.Drawing;
using System.Globalization;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr.Visualization;

/// <summary>
/// The result images of PaddleX's single modules (<c>res.img["res"]</c>): detection boxes outlined in red, a
/// recognised line with its text below, a classified image with its label in the top-left corner.
/// </summary>
/// <remarks>
/// The layout follows PaddleX's; pixels are not PaddleX's exactly: OpenCV's 2-pixel lines are drawn as two 1-pixel
/// lines side by side, and PIL's text bounding boxes are taken as the font's pixel size.
/// </remarks>
internal static class ModuleResultRenderer
{
    // PaddleX's get_colormap(rgb=True)[0] behind a classification label, and font_colormap(3) for its text.
    private static readonly BgrColor LabelBackground = BgrColor.FromRgb(0xFF, 0x00, 0x00);
    private static readonly BgrColor LabelText = BgrColor.White;

    /// <summary>A copy of <paramref name="image"/> with each box outlined in red (PaddleX: <c>cv2.polylines(..., (0, 0, 255), 2)</c> on BGR).</summary>
    public static BgrImage DrawBoxes(BgrImage image, IReadOnlyList<Quad> boxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var canvas = image.Clone();
        var red = BgrColor.FromRgb(255, 0, 0);
        Span<Point> corners = stackalloc Point[4];
        foreach (var box in boxes)
        {
            for (var offset = 0; offset < 2; offset++)
            {
                for (var i = 0; i < 4; i++)
                {
                    corners[i] = new Point(box[i].X + offset, box[i].Y + offset);
                }

                Polyline.Draw(canvas, corners, closed: true, red);
            }
        }

        return canvas;
    }

    /// <summary>
    /// <paramref name="image"/> above a white strip holding <c>"text (score)"</c> in black (PaddleX: font size 6 % of the
    /// width, smaller until the text fits; strip 1.2 x the text height).
    /// </summary>
    public static BgrImage DrawRecognition(BgrImage image, string text, float score, FontFace font)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        var caption = $"{text} ({PythonJson.FormatFloat(score)})";
        var size = Math.Max(1, (int)(image.Width * 0.06));
        font.SetPixelSize(size);
        while (size > 1 && font.MeasureLength(caption) > image.Width)
        {
            font.SetPixelSize(--size);
        }

        var canvas = BgrImage.Create(image.Width, image.Height + (int)(size * 1.2));
        try
        {
            ImageFill.Fill(canvas, BgrColor.White);
            ImageFill.Paste(canvas, image, 0, 0);
            font.DrawText(canvas, 0, image.Height, caption, BgrColor.Black);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A copy of <paramref name="image"/> with <c>"label score"</c> (score to 2 decimals) in white on a red box at its
    /// top-left corner (PaddleX: the largest font from 5 % down to 2 % of the width that fits, box 3 pixels in).
    /// </summary>
    public static BgrImage DrawClassification(BgrImage image, string label, float score, FontFace font)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(font);
        var caption = $"{label} {((double)score).ToString("F2", CultureInfo.InvariantCulture)}";
        var largest = Math.Max(1, (int)(image.Width * 0.05));
        var smallest = Math.Max(1, (int)(image.Width * 0.02));
        var size = smallest;
        for (var candidate = largest; candidate >= smallest; candidate--)
        {
            font.SetPixelSize(candidate);
            if (font.MeasureLength(caption) <= image.Width)
            {
                size = candidate;
                break;
            }
        }

        font.SetPixelSize(size);
        var width = (int)Math.Ceiling(font.MeasureLength(caption));
        const int left = 3, top = 3;
        var canvas = image.Clone();
        try
        {
            Span<Point> box = [new(left, top), new(left + width + 3, top), new(left + width + 3, top + size + 6), new(left, top + size + 6)];
            PolygonFill.Fill(canvas, box, LabelBackground);
            font.DrawText(canvas, left + 3, top, caption, LabelText);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }
}

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>Whole-image and rectangle pixel operations used when composing visualizations.</summary>
public static class ImageFill
{
    /// <summary>Sets every pixel of <paramref name="image"/> to <paramref name="color"/>.</summary>
    public static void Fill(BgrImage image, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (color.B == color.G && color.G == color.R)
        {
            image.Pixels.Fill(color.B);
            return;
        }

        var row = image.Row(0);
        for (var x = 0; x < image.Width; x++)
        {
            row[3 * x] = color.B;
            row[3 * x + 1] = color.G;
            row[3 * x + 2] = color.R;
        }

        for (var y = 1; y < image.Height; y++)
        {
            row.CopyTo(image.Row(y));
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/> with its top-left corner at
    /// (<paramref name="x"/>, <paramref name="y"/>), clipped to the target (PIL's <c>paste</c>).
    /// </summary>
    public static void Paste(BgrImage target, BgrImage source, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        var x0 = Math.Max(0, x);
        var x1 = Math.Min(target.Width, x + source.Width);
        if (x1 <= x0)
        {
            return;
        }

        for (var row = Math.Max(0, y); row < Math.Min(target.Height, y + source.Height); row++)
        {
            source.Row(row - y).Slice(3 * (x0 - x), 3 * (x1 - x0)).CopyTo(target.Row(row).Slice(3 * x0));
        }
    }
}

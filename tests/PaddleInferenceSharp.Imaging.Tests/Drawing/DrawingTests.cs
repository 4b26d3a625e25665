using System.Drawing;
using System.Text;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Imaging.Tests.Drawing;

/// <summary>Polygon filling, lines and FreeType text on BgrImage.</summary>
public sealed class DrawingTests
{
    private static readonly BgrColor Red = BgrColor.FromRgb(255, 0, 0);

    private static BgrImage White(int width, int height)
    {
        var image = BgrImage.Create(width, height);
        ImageFill.Fill(image, BgrColor.White);
        return image;
    }

    private static bool HasColor(BgrImage image, int x, int y, BgrColor color)
    {
        var p = image.Row(y).Slice(3 * x, 3);
        return p[0] == color.B && p[1] == color.G && p[2] == color.R;
    }

    private static int Count(BgrImage image, BgrColor color)
    {
        var n = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                n += HasColor(image, x, y, color) ? 1 : 0;
            }
        }

        return n;
    }

    [Test]
    public void A_filled_rectangle_covers_its_corners_inclusively_and_nothing_else()
    {
        using var image = White(20, 12);
        PolygonFill.Fill(image, [new Point(3, 2), new Point(10, 2), new Point(10, 7), new Point(3, 7)], Red);
        Assert.That(Count(image, Red), Is.EqualTo(8 * 6));
        Assert.That(HasColor(image, 3, 2, Red) && HasColor(image, 10, 7, Red), Is.True);
        Assert.That(HasColor(image, 11, 7, BgrColor.White) && HasColor(image, 3, 8, BgrColor.White), Is.True);
    }

    [Test]
    public void A_filled_triangle_has_the_area_of_the_triangle()
    {
        using var image = White(120, 120);
        PolygonFill.Fill(image, [new Point(10, 10), new Point(110, 10), new Point(10, 110)], Red);
        // Area 5000 plus the boundary pixels (about half the perimeter of ~341).
        Assert.That(Count(image, Red), Is.InRange(5000, 5000 + 341));
        Assert.That(HasColor(image, 30, 30, Red) && HasColor(image, 80, 80, BgrColor.White), Is.True);
    }

    [Test]
    public void Polygons_and_lines_are_clipped_to_the_image()
    {
        using var image = White(10, 10);
        PolygonFill.Fill(image, [new Point(-5, -5), new Point(20, -5), new Point(20, 20), new Point(-5, 20)], Red);
        Assert.That(Count(image, Red), Is.EqualTo(100));
        Polyline.Line(image, new Point(-100, 5), new Point(100, 5), BgrColor.Black);
        Assert.That(Count(image, BgrColor.Black), Is.EqualTo(10));
    }

    [Test]
    public void A_diagonal_line_is_8_connected_with_both_ends()
    {
        using var image = White(10, 10);
        Polyline.Line(image, new Point(1, 1), new Point(8, 5), BgrColor.Black);
        Assert.That(Count(image, BgrColor.Black), Is.EqualTo(8), "one pixel per column along the longer axis");
        Assert.That(HasColor(image, 1, 1, BgrColor.Black) && HasColor(image, 8, 5, BgrColor.Black), Is.True);
    }

    [Test]
    public void A_CJK_font_is_found_and_draws_ink_for_latin_and_chinese_text()
    {
        FontLocation location;
        try
        {
            location = FontLocator.Locate();
        }
        catch (FontNotFoundException ex)
        {
            TestPaths.MissingPrerequisite("No CJK font (apt-get install fonts-noto-cjk): " + ex.Message);
            return;
        }

        using var font = FontFace.Open(location.Path, location.FaceIndex);
        Assert.That(font.HasGlyph(new Rune('中')) && font.HasGlyph(new Rune('A')), Is.True);
        font.SetPixelSize(32);
        // A CJK ideograph advances one em; Latin text is narrower per character.
        Assert.That(font.MeasureLength("中文"), Is.EqualTo(64).Within(1));
        Assert.That(font.MeasureLength("ii"), Is.LessThan(32));
        Assert.That(font.Ascender, Is.InRange(26, 40));

        using var image = White(200, 48);
        font.DrawText(image, 0, 0, "中文 Text", BgrColor.Black);
        var dark = 0;
        int xMax = 0, yMax = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image.Row(y)[3 * x] < 100)
                {
                    dark++;
                    (xMax, yMax) = (Math.Max(xMax, x), Math.Max(yMax, y));
                }
            }
        }

        Assert.That(dark, Is.GreaterThan(300));
        Assert.That(xMax, Is.EqualTo((int)font.MeasureLength("中文 Text")).Within(4), "ink ends where the advance says");
        Assert.That(yMax, Is.LessThan(44), "the text sits below its top at y = 0, within the line");
    }

    [Test]
    public void A_missing_font_file_is_a_clear_error()
    {
        var ex = Assert.Throws<FontNotFoundException>(() => FontFace.Open("/nonexistent/font.ttf"));
        Assert.That(ex!.Message, Does.Contain("/nonexistent/font.ttf"));
        Assert.That(FontLocator.Parse("/a/b.ttc:2"), Is.EqualTo(new FontLocation("/a/b.ttc", 2)));
        Assert.That(FontLocator.Parse("/a/b.ttf"), Is.EqualTo(new FontLocation("/a/b.ttf", 0)));
    }
}

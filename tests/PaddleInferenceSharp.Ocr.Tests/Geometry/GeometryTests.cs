using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Tests.Geometry;

public sealed class ContourFinderTests
{
    private static byte[] Mask(int width, int height, params (int X, int Y)[] on)
    {
        var mask = new byte[width * height];
        foreach (var (x, y) in on)
        {
            mask[y * width + x] = 1;
        }

        return mask;
    }

    private static (int X, int Y)[] Block(int x0, int y0, int x1, int y1, params (int X, int Y)[] holes)
    {
        var list = new List<(int, int)>();
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (!holes.Contains((x, y)))
                {
                    list.Add((x, y));
                }
            }
        }

        return [.. list];
    }

    [Test]
    public void A_single_pixel_is_a_one_point_contour()
    {
        var contours = ContourFinder.FindContours(Mask(5, 5, (2, 3)), 5, 5);
        Assert.That(contours, Has.Count.EqualTo(1));
        Assert.That(contours[0], Is.EqualTo(new[] { new Point2I(2, 3) }));
    }

    [Test]
    public void A_rectangle_is_compressed_to_its_four_corners()
    {
        var contours = ContourFinder.FindContours(Mask(10, 8, Block(2, 1, 6, 4)), 10, 8);
        Assert.That(contours, Has.Count.EqualTo(1));
        Assert.That(contours[0], Is.EquivalentTo(new[] { new Point2I(2, 1), new Point2I(6, 1), new Point2I(6, 4), new Point2I(2, 4) }));
    }

    [Test]
    public void A_ring_has_an_outer_and_a_hole_border_listed_last_found_first()
    {
        // 5x5 block with the centre pixel missing: the outer border is found first (row 0), the hole border at row 2.
        var contours = ContourFinder.FindContours(Mask(7, 7, Block(1, 1, 5, 5, (3, 3))), 7, 7);
        Assert.That(contours, Has.Count.EqualTo(2));
        var hole = contours[0];
        var outer = contours[1];
        Assert.That(hole.Min(p => p.X), Is.EqualTo(2));
        Assert.That(hole.Max(p => p.X), Is.EqualTo(4));
        Assert.That(hole.Min(p => p.Y), Is.EqualTo(2));
        Assert.That(hole.Max(p => p.Y), Is.EqualTo(4));
        Assert.That(outer, Is.EquivalentTo(new[] { new Point2I(1, 1), new Point2I(5, 1), new Point2I(5, 5), new Point2I(1, 5) }));
    }

    [Test]
    public void Foreground_touching_the_image_edge_is_closed_by_the_frame()
    {
        var contours = ContourFinder.FindContours(Mask(4, 3, Block(0, 0, 3, 2)), 4, 3);
        Assert.That(contours.Single(), Is.EquivalentTo(new[] { new Point2I(0, 0), new Point2I(3, 0), new Point2I(3, 2), new Point2I(0, 2) }));
    }

    [Test]
    public void Diagonal_neighbours_are_one_component()
    {
        var contours = ContourFinder.FindContours(Mask(4, 4, (0, 0), (1, 1), (2, 2)), 4, 4);
        Assert.That(contours, Has.Count.EqualTo(1));
    }
}

public sealed class MinAreaRectTests
{
    [Test]
    public void An_axis_aligned_rectangle_fits_itself()
    {
        var rect = MinAreaRect.Compute([new(2, 3), new(12, 3), new(12, 8), new(2, 8), new(7, 5)]);
        Assert.That(rect.Center, Is.EqualTo(new Point2F(7, 5.5f)));
        Assert.That(new[] { rect.Width, rect.Height }, Is.EquivalentTo(new[] { 10f, 5f }));
        Assert.That(rect.OrderedCorners(), Is.EqualTo(new[] { new Point2F(2, 3), new Point2F(12, 3), new Point2F(12, 8), new Point2F(2, 8) }));
    }

    [Test]
    public void A_diamond_fits_a_45_degree_square_of_side_5_sqrt2()
    {
        var rect = MinAreaRect.Compute([new(0, 5), new(5, 0), new(10, 5), new(5, 10)]);
        Assert.That(rect.Center.X, Is.EqualTo(5).Within(1e-5));
        Assert.That(rect.Center.Y, Is.EqualTo(5).Within(1e-5));
        Assert.That(rect.Width, Is.EqualTo(5 * Math.Sqrt(2)).Within(1e-4));
        Assert.That(rect.Height, Is.EqualTo(5 * Math.Sqrt(2)).Within(1e-4));
        Assert.That(Math.Abs(Math.Abs(rect.Angle) % 90 - 45), Is.LessThan(1e-3));
        var corners = rect.Corners().Select(p => (Math.Round(p.X, 3), Math.Round(p.Y, 3))).ToArray();
        Assert.That(corners, Is.EquivalentTo(new[] { (0.0, 5.0), (5.0, 0.0), (10.0, 5.0), (5.0, 10.0) }));
    }

    [Test]
    public void Ordered_corners_start_top_left_and_go_clockwise_on_screen()
    {
        // A slightly rotated box: x-sorted left pair (0,1),(1,11) and right pair (30,0),(31,10).
        var rect = MinAreaRect.Compute([new(0, 1), new(30, 0), new(31, 10), new(1, 11)]);
        var c = rect.OrderedCorners();
        Assert.That(c[0].X, Is.LessThan(c[1].X));
        Assert.That(c[0].Y, Is.LessThan(c[3].Y));
        Assert.That(c[1].Y, Is.LessThan(c[2].Y));
        Assert.That(c[3].X, Is.LessThan(c[2].X));
    }
}

public sealed class PolygonOffsetTests
{
    [Test]
    public void A_square_offset_by_2_with_round_joins_matches_Clippers_points()
    {
        // Clipper: steps = pi / acos(1 - 0.25 / 2) = 6.216 per turn, so a 90 degree corner gets round(0.989 x pi/2) = 2
        // rotation steps of 2pi/6.216 (sin 0.847, cos 0.532) plus the end normal; coordinates rounded half away from zero.
        var points = PolygonOffset.OffsetRound([new(0, 0), new(10, 0), new(10, 10), new(0, 10)], 2);
        Point2I[] expected =
        [
            new(-2, 0), new(-1, -2), new(0, -2),
            new(10, -2), new(12, -1), new(12, 0),
            new(12, 10), new(11, 12), new(10, 12),
            new(0, 12), new(-2, 11), new(-2, 10),
        ];
        Assert.That(points, Is.EqualTo(expected));
    }

    [Test]
    public void A_reversed_square_is_turned_to_positive_orientation_first()
    {
        var forward = PolygonOffset.OffsetRound([new(0, 0), new(10, 0), new(10, 10), new(0, 10)], 2);
        var reversed = PolygonOffset.OffsetRound([new(0, 10), new(10, 10), new(10, 0), new(0, 0)], 2);
        Assert.That(reversed.Min(p => p.X), Is.EqualTo(-2));
        Assert.That(reversed.Max(p => p.X), Is.EqualTo(12));
        Assert.That(reversed.Min(p => p.Y), Is.EqualTo(-2));
        Assert.That(reversed.Max(p => p.Y), Is.EqualTo(12));
        Assert.That(reversed, Has.Count.EqualTo(forward.Count));
    }

    [Test]
    public void Degenerate_polygons_give_no_outline()
    {
        Assert.That(PolygonOffset.OffsetRound([new(1, 1), new(1, 1), new(5, 5)], 2), Is.Empty);
    }
}

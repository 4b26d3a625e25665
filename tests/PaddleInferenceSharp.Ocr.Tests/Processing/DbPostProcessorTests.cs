using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

/// <summary>
/// DB post-processing on small hand-made probability maps; every expected box below is worked out by hand from
/// PaddleX's algorithm (thresholds, minimum-area rectangle on pixel centres, unclip distance
/// = area x ratio / perimeter with round joins, rounding, scaling to the source size).
/// </summary>
public sealed class DbPostProcessorTests
{
    private const int W = 40;
    private const int H = 30;

    private static float[] Map(params (int X0, int Y0, int X1, int Y1, float P)[] blocks)
    {
        var map = new float[W * H];
        foreach (var (x0, y0, x1, y1, p) in blocks)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    map[y * W + x] = p;
                }
            }
        }

        return map;
    }

    [Test]
    public void A_block_becomes_its_rectangle_expanded_by_the_unclip_distance_and_scaled_to_the_source()
    {
        // Pixels x 10..29, y 10..17: minimum-area rectangle on pixel centres 19 x 7 (area 133, perimeter 52).
        // distance = 133 x 2.0 / 52 = 5.115: edges move to 4.885 -> 5, 34.115 -> 34, 22.115 -> 22.
        // Source is twice the map: (5,5)-(34,22) -> (10,10)-(68,44).
        var boxes = DbPostProcessor.Process(Map((10, 10, 29, 17, 0.9f)), W, H, 80, 60, new TextDetectorOptions());
        Assert.That(boxes, Has.Count.EqualTo(1));
        Assert.That(boxes[0].Box, Is.EqualTo(new Quad(new(10, 10), new(68, 10), new(68, 44), new(10, 44))));
        Assert.That(boxes[0].Score, Is.EqualTo(0.9f).Within(1e-6));
    }

    [Test]
    public void Unclip_ratio_sets_the_expansion()
    {
        // distance = 133 x 1.0 / 52 = 2.558: 7.44 -> 7, 31.56 -> 32, 19.56 -> 20; scaled x2.
        var boxes = DbPostProcessor.Process(Map((10, 10, 29, 17, 0.9f)), W, H, 80, 60, new TextDetectorOptions { UnclipRatio = 1.0 });
        Assert.That(boxes.Single().Box, Is.EqualTo(new Quad(new(14, 14), new(64, 14), new(64, 40), new(14, 40))));
    }

    [Test]
    public void Scaling_uses_each_axis_ratio_and_clips_to_the_source()
    {
        // Same block, source 40 x 30 (scale 1): (5,5)-(34,22) unchanged.
        var same = DbPostProcessor.Process(Map((10, 10, 29, 17, 0.9f)), W, H, 40, 30, new TextDetectorOptions());
        Assert.That(same.Single().Box, Is.EqualTo(new Quad(new(5, 5), new(34, 5), new(34, 22), new(5, 22))));

        // A block at the right edge: x 30..39 expands past 39 and is clipped to the source width 40.
        var edge = DbPostProcessor.Process(Map((30, 10, 39, 17, 0.9f)), W, H, 40, 30, new TextDetectorOptions());
        Assert.That(edge.Single().Box.P1.X, Is.EqualTo(40));
    }

    [Test]
    public void Pixels_at_or_below_thresh_are_background()
    {
        Assert.That(DbPostProcessor.Process(Map((10, 10, 29, 17, 0.3f)), W, H, 40, 30, new TextDetectorOptions { Thresh = 0.3 }), Is.Empty);
        Assert.That(DbPostProcessor.Process(Map((10, 10, 29, 17, 0.31f)), W, H, 40, 30, new TextDetectorOptions { Thresh = 0.3, BoxThresh = 0.3 }), Has.Count.EqualTo(1));
    }

    [Test]
    public void Boxes_whose_mean_probability_is_below_box_thresh_are_dropped()
    {
        var map = Map((10, 10, 29, 17, 0.55f));
        Assert.That(DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions { BoxThresh = 0.6 }), Is.Empty);
        Assert.That(DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions { BoxThresh = 0.5 }), Has.Count.EqualTo(1));
    }

    [Test]
    public void The_fast_score_averages_the_box_not_just_the_text_pixels()
    {
        // Block 0.9 with one row of 0.4 inside (x 10..29, y 12): all pixels are above thresh 0.3, the mean is
        // (7 x 20 x 0.9 + 20 x 0.4) / 160 = 0.8375.
        var map = Map((10, 10, 29, 17, 0.9f), (10, 12, 29, 12, 0.4f));
        var box = DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions()).Single();
        Assert.That(box.Score, Is.EqualTo((7 * 20 * 0.9 + 20 * 0.4) / 160).Within(1e-5));
    }

    [Test]
    public void Components_whose_rectangle_has_a_side_under_3_are_dropped()
    {
        // 3 x 3 pixels: the rectangle on pixel centres is 2 x 2.
        Assert.That(DbPostProcessor.Process(Map((10, 10, 12, 12, 0.9f)), W, H, 40, 30, new TextDetectorOptions()), Is.Empty);
        // 4 pixels tall: short side 3 is kept.
        Assert.That(DbPostProcessor.Process(Map((10, 10, 29, 13, 0.9f)), W, H, 40, 30, new TextDetectorOptions()), Has.Count.EqualTo(1));
    }

    [Test]
    public void Contours_come_in_OpenCV_order_last_found_first_and_max_candidates_cuts_that_list()
    {
        var map = Map((5, 2, 30, 6, 0.9f), (5, 20, 30, 24, 0.9f));
        var boxes = DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions());
        Assert.That(boxes, Has.Count.EqualTo(2));
        Assert.That(boxes[0].Box.P0.Y, Is.GreaterThan(boxes[1].Box.P0.Y), "the lower block is found last and listed first");

        var one = DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions { MaxCandidates = 1 });
        Assert.That(one.Single().Box, Is.EqualTo(boxes[0].Box));
    }

    [Test]
    public void Dilation_joins_components_one_pixel_apart()
    {
        // Two blocks with a one-pixel gap at x = 20; a 2x2 dilation fills it.
        var map = Map((5, 10, 19, 16, 0.9f), (21, 10, 35, 16, 0.9f));
        Assert.That(DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions()), Has.Count.EqualTo(2));
        Assert.That(DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions { UseDilation = true, BoxThresh = 0.5 }), Has.Count.EqualTo(1));
    }

    [Test]
    public void The_slow_score_averages_inside_the_contour()
    {
        var map = Map((10, 10, 29, 17, 0.8f));
        var box = DbPostProcessor.Process(map, W, H, 40, 30, new TextDetectorOptions { ScoreMode = ScoreMode.Slow }).Single();
        Assert.That(box.Score, Is.EqualTo(0.8f).Within(1e-6));
    }
}

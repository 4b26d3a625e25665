using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class QuadBoxSorterTests
{
    private static Quad Box(int x, int y) => new(new(x, y), new(x + 50, y), new(x + 50, y + 20), new(x, y + 20));

    [Test]
    public void Boxes_on_one_line_within_10_px_read_left_to_right()
    {
        // Sorted by y first: A(y 50), B(y 55), C(y 100); B is within 10 px of A and further left, so it moves before A.
        Quad[] boxes = [Box(100, 50), Box(10, 55), Box(5, 100)];
        Assert.That(QuadBoxSorter.Order(boxes), Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void Boxes_10_px_apart_or_more_stay_in_top_to_bottom_order()
    {
        Quad[] boxes = [Box(100, 50), Box(10, 60)];
        Assert.That(QuadBoxSorter.Order(boxes), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void A_box_moves_left_past_several_boxes_of_its_line()
    {
        Quad[] boxes = [Box(300, 40), Box(200, 42), Box(100, 44), Box(10, 46)];
        Assert.That(QuadBoxSorter.Order(boxes), Is.EqualTo(new[] { 3, 2, 1, 0 }));
    }

    [Test]
    public void Equal_keys_keep_their_input_order()
    {
        Quad[] boxes = [Box(10, 10), Box(10, 10)];
        Assert.That(QuadBoxSorter.Order(boxes), Is.EqualTo(new[] { 0, 1 }));
    }
}

using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class DetResizeTests
{
    [Test]
    public void Max_limit_scales_the_longer_side_to_the_limit_and_rounds_to_multiples_of_32()
    {
        // 669 * 0.96 = 642.24 -> 642 -> round(20.06) * 32 = 640; 1000 * 0.96 = 960.
        Assert.That(DetResize.TargetSize(1000, 669, 960, LimitType.Max, 4000), Is.EqualTo((960, 640)));
    }

    [Test]
    public void Max_limit_leaves_small_images_unscaled_but_rounded()
    {
        // 500 / 32 = 15.6 -> 16 * 32 = 512; 300 / 32 = 9.4 -> 9 * 32 = 288.
        Assert.That(DetResize.TargetSize(500, 300, 960, LimitType.Max, 4000), Is.EqualTo((512, 288)));
    }

    [Test]
    public void Min_limit_enlarges_the_shorter_side_to_the_limit()
    {
        // ratio 736 / 50 = 14.72: 100 -> 1472, 50 -> 736 (both multiples of 32).
        Assert.That(DetResize.TargetSize(100, 50, 736, LimitType.Min, 4000), Is.EqualTo((1472, 736)));
    }

    [Test]
    public void Max_side_limit_caps_the_result_and_rounding_is_half_to_even()
    {
        // min 800 on 1000x100: ratio 8 -> 8000 x 800; capped by 4000/8000 = 0.5 -> 4000 x 400;
        // 400 / 32 = 12.5 rounds to 12 (Python's round) -> 384.
        Assert.That(DetResize.TargetSize(1000, 100, 800, LimitType.Min, 4000), Is.EqualTo((4000, 384)));
    }

    [Test]
    public void Sides_never_go_below_32() => Assert.That(DetResize.TargetSize(10, 10, 960, LimitType.Max, 4000), Is.EqualTo((32, 32)));

    [Test]
    public void Resize_long_scales_the_longer_side_to_exactly_the_limit()
    {
        // 960 / 1920 = 0.5: 1920 x 1000 -> 960 x 500 -> 500 / 32 = 15.6 -> 512.
        Assert.That(DetResize.TargetSize(1920, 1000, 960, LimitType.ResizeLong, 4000), Is.EqualTo((960, 512)));
    }

    [TestCase("max", LimitType.Max)]
    [TestCase("min", LimitType.Min)]
    [TestCase("resize_long", LimitType.ResizeLong)]
    public void Limit_types_parse_from_PaddleX_spelling(string text, LimitType expected)
    {
        Assert.That(LimitTypes.Parse(text), Is.EqualTo(expected));
        Assert.That(LimitTypes.Format(expected), Is.EqualTo(text));
    }

    [Test]
    public void Unknown_limit_type_names_the_value() =>
        Assert.That(() => LimitTypes.Parse("maximum"), Throws.ArgumentException.With.Message.Contains("'maximum'"));
}

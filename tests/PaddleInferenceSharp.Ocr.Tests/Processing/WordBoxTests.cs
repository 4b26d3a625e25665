using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class WordSegmenterTests
{
    private static int[] Columns(string text) => Enumerable.Range(0, text.Length).Select(i => i * 2).ToArray();

    [Test]
    public void Spaces_and_punctuation_split_words_and_are_dropped()
    {
        var words = WordSegmenter.Segment("Hello, world!", Columns("Hello, world!"));
        Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "Hello", "world" }));
        Assert.That(words[1].Columns, Is.EqualTo(new[] { 14, 16, 18, 20, 22 }), "each character keeps its time step");
        Assert.That(words.Select(w => w.Kind), Is.All.EqualTo(WordKind.LettersAndDigits));
    }

    [Test]
    public void Decimal_points_hyphens_and_apostrophes_stay_inside_words()
    {
        var text = "pay 12.50 state-of-the-art n'est";
        Assert.That(WordSegmenter.Segment(text, Columns(text)).Select(w => w.Text), Is.EqualTo(new[] { "pay", "12.50", "state-of-the-art", "n'est" }));
        // A full stop not followed by a digit ends the word.
        Assert.That(WordSegmenter.Segment("end. Next", Columns("end. Next")).Select(w => w.Text), Is.EqualTo(new[] { "end", "Next" }));
    }

    [Test]
    public void Chinese_runs_are_their_own_words()
    {
        var text = "价格12元";
        var words = WordSegmenter.Segment(text, Columns(text));
        Assert.That(words.Select(w => (w.Text, w.Kind)), Is.EqualTo(new[] { ("价格", WordKind.Cjk), ("12", WordKind.LettersAndDigits), ("元", WordKind.Cjk) }));
    }
}

public sealed class WordBoxesTests
{
    [Test]
    public void Letter_words_span_their_cells_and_Chinese_characters_get_the_mean_width()
    {
        // Line box x 100..300 (200 px), y 10..40, 40 columns -> 5 px cells.
        var box = new Quad(new(100, 10), new(300, 10), new(300, 40), new(100, 40));
        RecognizedWord[] words =
        [
            new("ab", [2, 5], WordKind.LettersAndDigits),  // x 100 + 10 .. 100 + 30
            new("中文", [20, 24], WordKind.Cjk),            // width (24 - 20 + 1) x 5 / 1 = 25 per character
        ];
        var (contents, boxes) = WordBoxes.Compute("ab 中文", box, 40, words);
        Assert.That(contents, Is.EqualTo(new[] { "ab", "中", "文" }));
        Assert.That(boxes[0], Is.EqualTo(new Quad(new(110, 10), new(130, 10), new(130, 40), new(110, 40))));
        // Centres (20 + 0.5) x 5 = 102.5 and (24 + 0.5) x 5 = 122.5; half width 12.5 -> [90, 115] and [110, 135], offset by 100.
        Assert.That(boxes[1], Is.EqualTo(new Quad(new(190, 10), new(215, 10), new(215, 40), new(190, 40))));
        Assert.That(boxes[2], Is.EqualTo(new Quad(new(210, 10), new(235, 10), new(235, 40), new(210, 40))));
    }
}

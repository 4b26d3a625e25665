using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Tests.Processing;

public sealed class CtcDecoderTests
{
    // Classes: 0 blank, 1 'a', 2 'b', 3 'c', 4 ' ' (appended space).
    private static readonly CtcDecoder Decoder = new(["a", "b", "c"]);

    private static float[] Steps(params (int Class, float P)[] steps)
    {
        var probabilities = new float[steps.Length * 5];
        for (var t = 0; t < steps.Length; t++)
        {
            var rest = (1 - steps[t].P) / 4;
            for (var c = 0; c < 5; c++)
            {
                probabilities[t * 5 + c] = c == steps[t].Class ? steps[t].P : rest;
            }
        }

        return probabilities;
    }

    [Test]
    public void Class_count_is_blank_plus_dictionary_plus_space() => Assert.That(Decoder.ClassCount, Is.EqualTo(5));

    [Test]
    public void Repeats_merge_blanks_split_and_the_score_is_the_mean_of_kept_maxima()
    {
        // a a _ a b ' '  ->  "a" (second a merged), blank, "a" again, "b", " "
        var (text, score) = Decoder.Decode(Steps((1, 0.9f), (1, 0.8f), (0, 0.7f), (1, 0.6f), (2, 0.5f), (4, 0.95f)), 5);
        Assert.That(text, Is.EqualTo("aab "));
        Assert.That(score, Is.EqualTo((0.9f + 0.6f + 0.5f + 0.95f) / 4).Within(1e-6));
    }

    [Test]
    public void A_repeat_after_a_blank_is_a_new_character()
    {
        var (text, _) = Decoder.Decode(Steps((3, 0.9f), (0, 0.9f), (3, 0.9f), (3, 0.9f)), 5);
        Assert.That(text, Is.EqualTo("cc"));
    }

    [Test]
    public void Only_blanks_give_an_empty_text_with_score_zero()
    {
        var (text, score) = Decoder.Decode(Steps((0, 0.99f), (0, 0.98f)), 5);
        Assert.That(text, Is.Empty);
        Assert.That(score, Is.Zero);
    }

    [Test]
    public void A_model_with_other_class_count_is_rejected_naming_both_numbers()
    {
        var ex = Assert.Throws<ArgumentException>(() => Decoder.Decode(new float[12], 6));
        Assert.That(ex!.Message, Does.Contain("6 classes").And.Contain("gives 5"));
    }

    [Test]
    public void Ties_take_the_lowest_class_like_numpy_argmax()
    {
        var probabilities = new float[] { 0.1f, 0.4f, 0.4f, 0.05f, 0.05f };
        Assert.That(Decoder.Decode(probabilities, 5).Text, Is.EqualTo("a"));
    }
}

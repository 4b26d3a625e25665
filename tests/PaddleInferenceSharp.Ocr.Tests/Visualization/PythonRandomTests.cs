using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Ocr.Tests.Visualization;

public sealed class PythonRandomTests
{
    [Test]
    public void Seed_0_randint_0_255_gives_CPythons_sequence()
    {
        // Printed by CPython 3.11: random.seed(0); [random.randint(0, 255) for _ in range(9)]
        int[] cpython = [197, 215, 20, 132, 248, 207, 155, 244, 183];
        var random = new PythonRandom(0);
        var ours = new int[cpython.Length];
        for (var i = 0; i < ours.Length; i++)
        {
            ours[i] = random.RandInt(0, 255);
        }

        Assert.That(ours, Is.EqualTo(cpython));
    }

    [Test]
    public void Other_seeds_and_ranges_match_CPython()
    {
        // Printed by CPython 3.11: random.seed(12345); [random.randint(0, 9) for _ in range(5)], random.getrandbits(32)
        var random = new PythonRandom(12345);
        var ours = new int[5];
        for (var i = 0; i < ours.Length; i++)
        {
            ours[i] = random.RandInt(0, 9);
        }

        Assert.That(ours, Is.EqualTo(new[] { 6, 0, 4, 5, 3 }));
        Assert.That(random.NextUInt32(), Is.EqualTo(1160692746u));
    }
}

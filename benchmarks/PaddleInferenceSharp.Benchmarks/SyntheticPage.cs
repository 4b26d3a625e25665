namespace PaddleInferenceSharp.Benchmarks;

/// <summary>Probability maps shaped like a DB detector's output on a text page: 30 lines of word blocks with soft edges.</summary>
internal static class SyntheticPage
{
    public static float[] ProbabilityMap(int width, int height, int lines, int seed)
    {
        var random = new Random(seed);
        var map = new float[width * height];
        var pitch = height / (lines + 1);
        for (var line = 0; line < lines; line++)
        {
            var top = pitch / 2 + line * pitch;
            var lineHeight = Math.Max(8, pitch / 2);
            var x = 20 + random.Next(40);
            var end = width - 20 - random.Next(width / 3);
            while (x < end)
            {
                var word = 30 + random.Next(90);
                for (var y = top; y < top + lineHeight && y < height; y++)
                {
                    for (var c = x; c < Math.Min(x + word, width); c++)
                    {
                        var edge = Math.Min(Math.Min(y - top, top + lineHeight - 1 - y), Math.Min(c - x, x + word - 1 - c));
                        map[y * width + c] = edge >= 2 ? 0.9f + (float)random.NextDouble() * 0.1f : 0.35f + edge * 0.2f;
                    }
                }

                x += word + 8 + random.Next(8);
            }
        }

        return map;
    }
}

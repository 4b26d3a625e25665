namespace PaddleInferenceSharp.Imaging.Tests;

/// <summary>Compares our BGR output with an RGB reference decode.</summary>
internal static class PixelComparison
{
    /// <summary>Pixels whose channels differ by more than <paramref name="tolerance"/> from the RGB reference.</summary>
    public static int CountDifferences(BgrImage ours, byte[] rgb, int tolerance)
    {
        Assert.That(rgb, Has.Length.EqualTo(ours.Width * ours.Height * 3));
        var differences = 0;
        for (var y = 0; y < ours.Height; y++)
        {
            var row = ours.Row(y);
            for (var x = 0; x < ours.Width; x++)
            {
                var i = (y * ours.Width + x) * 3;
                if (Math.Abs(row[3 * x] - rgb[i + 2]) > tolerance || Math.Abs(row[3 * x + 1] - rgb[i + 1]) > tolerance || Math.Abs(row[3 * x + 2] - rgb[i]) > tolerance)
                {
                    differences++;
                }
            }
        }

        return differences;
    }
}

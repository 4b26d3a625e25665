using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Turns 8-bit BGR pixels into the float CHW planes networks read, with the same float32 rounding as PaddleX's
/// NumPy code (one multiply, then one add, no fused multiply-add).
/// </summary>
public static class ImageNormalizer
{
    /// <summary>
    /// PaddleX's <c>NormalizeImage</c> (order hwc, then ToCHW): <c>out = p * (scale / std[c]) + (-mean[c] / std[c])</c>
    /// per channel <c>c</c> of the BGR image (PaddleX applies mean/std to the channels as stored).
    /// </summary>
    /// <param name="image">The source.</param>
    /// <param name="destination">At least 3 x H x W floats: channel planes B, G, R.</param>
    /// <param name="mean">Per-channel means (3).</param>
    /// <param name="std">Per-channel standard deviations (3).</param>
    /// <param name="scale">Pixel scale, usually 1/255.</param>
    /// <param name="toRgb">Write planes R, G, B (PaddleX classifiers convert BGR to RGB first); else B, G, R.</param>
    public static void NormalizeMeanStd(BgrImage image, Span<float> destination, ReadOnlySpan<double> mean, ReadOnlySpan<double> std, double scale, bool toRgb = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (mean.Length != 3 || std.Length != 3)
        {
            throw new ArgumentException("mean and std need 3 values each.");
        }

        var plane = image.Width * image.Height;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {3 * plane} are needed.", nameof(destination));
        }

        Span<float> alpha = [(float)(scale / std[0]), (float)(scale / std[1]), (float)(scale / std[2])];
        Span<float> beta = [(float)(-mean[0] / std[0]), (float)(-mean[1] / std[1]), (float)(-mean[2] / std[2])];
        // Plane k holds image channel k (BGR) or 2 - k (RGB); mean/std index the planes.
        var p0 = destination[..plane];
        var p1 = destination.Slice(plane, plane);
        var p2 = destination.Slice(2 * plane, plane);
        int c0 = toRgb ? 2 : 0, c2 = toRgb ? 0 : 2;
        float a0 = alpha[0], a1 = alpha[1], a2 = alpha[2], b0 = beta[0], b1 = beta[1], b2 = beta[2];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            var o = y * image.Width;
            for (var x = 0; x < image.Width; x++)
            {
                var m0 = row[3 * x + c0] * a0;
                var m1 = row[3 * x + 1] * a1;
                var m2 = row[3 * x + c2] * a2;
                p0[o + x] = m0 + b0;
                p1[o + x] = m1 + b1;
                p2[o + x] = m2 + b2;
            }
        }
    }

    /// <summary>
    /// PaddleX's recognition normalisation <c>(p / 255 - 0.5) / 0.5</c> into a [3, H, paddedWidth] block whose
    /// columns right of the image are zero (the padding of <c>resize_norm_img</c> and <c>ToBatch</c>).
    /// </summary>
    /// <param name="image">The resized crop (height H, width at most <paramref name="paddedWidth"/>).</param>
    /// <param name="destination">At least 3 x H x paddedWidth floats.</param>
    /// <param name="paddedWidth">The batch width.</param>
    public static void NormalizeHalf(BgrImage image, Span<float> destination, int paddedWidth)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width > paddedWidth)
        {
            throw new ArgumentException($"Image width {image.Width} exceeds the padded width {paddedWidth}.", nameof(paddedWidth));
        }

        var plane = image.Height * paddedWidth;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {3 * plane} are needed.", nameof(destination));
        }

        destination[..(3 * plane)].Clear();
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            var o = y * paddedWidth;
            for (var x = 0; x < image.Width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var v = row[3 * x + c] / 255f;
                    v -= 0.5f;
                    v /= 0.5f;
                    destination[c * plane + o + x] = v;
                }
            }
        }
    }
}

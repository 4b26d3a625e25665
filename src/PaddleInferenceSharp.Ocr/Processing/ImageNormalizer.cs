using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Turns 8-bit BGR pixels into the float CHW planes networks read, with the same float32 rounding as PaddleX's
/// NumPy code (one multiply, then one add, no fused multiply-add).
/// </summary>
internal static class ImageNormalizer
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

        // Pixels are bytes, so each plane's result is one of 256 values: tabulate them with the same float32
        // multiply-then-add and look them up.
        Span<float> lut = stackalloc float[3 * 256];
        for (var k = 0; k < 3; k++)
        {
            var alpha = (float)(scale / std[k]);
            var beta = (float)(-mean[k] / std[k]);
            for (var v = 0; v < 256; v++)
            {
                var m = v * alpha;
                lut[(k * 256) + v] = m + beta;
            }
        }

        // Plane k holds image channel k (BGR) or 2 - k (RGB); mean/std index the planes.
        var p0 = destination[..plane];
        var p1 = destination.Slice(plane, plane);
        var p2 = destination.Slice(2 * plane, plane);
        int c0 = toRgb ? 2 : 0, c2 = toRgb ? 0 : 2;
        var lut0 = lut[..256];
        var lut1 = lut.Slice(256, 256);
        var lut2 = lut.Slice(512, 256);
        var width = image.Width;
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y)[..(3 * width)];
            var q0 = p0.Slice(y * width, width);
            var q1 = p1.Slice(y * width, width);
            var q2 = p2.Slice(y * width, width);
            for (var x = 0; x < q0.Length; x++)
            {
                q0[x] = lut0[row[(3 * x) + c0]];
                q1[x] = lut1[row[(3 * x) + 1]];
                q2[x] = lut2[row[(3 * x) + c2]];
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

        // (v / 255 - 0.5) / 0.5 in float32 for each byte value, looked up per pixel.
        Span<float> lut = stackalloc float[256];
        for (var v = 0; v < 256; v++)
        {
            var f = v / 255f;
            f -= 0.5f;
            f /= 0.5f;
            lut[v] = f;
        }

        destination[..(3 * plane)].Clear();
        var width = image.Width;
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y)[..(3 * width)];
            var q0 = destination.Slice(y * paddedWidth, width);
            var q1 = destination.Slice(plane + (y * paddedWidth), width);
            var q2 = destination.Slice((2 * plane) + (y * paddedWidth), width);
            for (var x = 0; x < q0.Length; x++)
            {
                q0[x] = lut[row[3 * x]];
                q1[x] = lut[row[(3 * x) + 1]];
                q2[x] = lut[row[(3 * x) + 2]];
            }
        }
    }
}

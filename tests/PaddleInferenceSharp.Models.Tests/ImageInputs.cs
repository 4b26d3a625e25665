using System.Text.Json;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Models.Tests;

/// <summary>Model inputs made from the real images of ../shared/eval: whole pages and labelled text-line crops.</summary>
internal static class ImageInputs
{
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    public static string[] DevImages(int count) => Images("dev", count);

    public static string[] RealImages(int count) => Images("real", count);

    private static string[] Images(string set, int count)
    {
        var dir = TestPaths.RequiredShared("eval", set);
        return Directory.GetFiles(dir).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".jpg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Take(count).ToArray();
    }

    /// <summary>A page resized (nearest) to a multiple of 32 with its longer side at most <paramref name="maxSide"/>, normalised, NCHW.</summary>
    public static Tensor Page(string path, int maxSide)
    {
        using var image = ImageDecoder.DecodeFile(path);
        var ratio = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        var h = Math.Max(32, (int)Math.Round(image.Height * ratio / 32) * 32);
        var w = Math.Max(32, (int)Math.Round(image.Width * ratio / 32) * 32);
        return Sample(image, 0, 0, image.Width, image.Height, h, w, rotate180: false);
    }

    /// <summary>The labelled upright text lines of a dev image as axis-aligned boxes (x, y, width, height).</summary>
    public static List<(int X, int Y, int W, int H)> Lines(string imagePath) => LabelledLines(imagePath).ConvertAll(l => l.Box);

    /// <summary>The labelled upright text lines of a dev image with their text.</summary>
    public static List<((int X, int Y, int W, int H) Box, string Text)> LabelledLines(string imagePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(imagePath, ".json")));
        var list = new List<((int, int, int, int), string)>();
        foreach (var line in doc.RootElement.GetProperty("lines").EnumerateArray())
        {
            var xs = line.GetProperty("poly").EnumerateArray().Select(p => p[0].GetDouble()).ToArray();
            var ys = line.GetProperty("poly").EnumerateArray().Select(p => p[1].GetDouble()).ToArray();
            int x0 = (int)xs.Min(), y0 = (int)ys.Min(), x1 = (int)Math.Ceiling(xs.Max()), y1 = (int)Math.Ceiling(ys.Max());
            if (line.GetProperty("tags").TryGetProperty("rotation", out var r) && r.GetDouble() != 0)
            {
                continue;
            }

            list.Add(((x0, y0, x1 - x0, y1 - y0), line.GetProperty("text").GetString() ?? ""));
        }

        return list;
    }

    /// <summary>A crop resized (nearest) to <paramref name="outH"/> x <paramref name="outW"/>, optionally turned 180°, normalised, NCHW.</summary>
    public static Tensor Crop(string imagePath, (int X, int Y, int W, int H) box, int outH, int outW, bool rotate180, bool halfNormalize = false)
    {
        using var image = ImageDecoder.DecodeFile(imagePath);
        var x = Math.Clamp(box.X, 0, image.Width - 1);
        var y = Math.Clamp(box.Y, 0, image.Height - 1);
        var w = Math.Clamp(box.W, 1, image.Width - x);
        var h = Math.Clamp(box.H, 1, image.Height - y);
        return Sample(image, x, y, w, h, outH, outW, rotate180, halfNormalize);
    }

    /// <summary>Area (box-filter) resampling, so that long lines squeezed into a small input keep their strokes.</summary>
    private static Tensor Sample(BgrImage image, int x0, int y0, int w, int h, int outH, int outW, bool rotate180, bool halfNormalize = false)
    {
        var tensor = Tensor.Rent<float>([1, 3, outH, outW]);
        var data = tensor.AsSpan<float>();
        var pixels = image.Pixels;
        Span<float> sum = stackalloc float[3];
        for (var oy = 0; oy < outH; oy++)
        {
            var sy0 = y0 + oy * h / outH;
            var sy1 = Math.Max(sy0 + 1, y0 + (oy + 1) * h / outH);
            for (var ox = 0; ox < outW; ox++)
            {
                var sx0 = x0 + ox * w / outW;
                var sx1 = Math.Max(sx0 + 1, x0 + (ox + 1) * w / outW);
                sum.Clear();
                for (var sy = sy0; sy < sy1; sy++)
                {
                    for (var sx = sx0; sx < sx1; sx++)
                    {
                        for (var c = 0; c < 3; c++)
                        {
                            sum[c] += pixels[sy * image.Stride + sx * 3 + c];
                        }
                    }
                }

                var count = (sy1 - sy0) * (sx1 - sx0);
                var ty = rotate180 ? outH - 1 - oy : oy;
                var tx = rotate180 ? outW - 1 - ox : ox;
                for (var c = 0; c < 3; c++)
                {
                    // PaddleOCR recognisers normalise to [-1, 1]; the classifiers and detectors use ImageNet mean/std.
                    var v = sum[c] / count / 255f;
                    data[(c * outH + ty) * outW + tx] = halfNormalize ? (v - 0.5f) / 0.5f : (v - Mean[c]) / Std[c];
                }
            }
        }

        return tensor;
    }
}

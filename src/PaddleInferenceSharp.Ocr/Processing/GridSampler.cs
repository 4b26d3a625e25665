using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// The geometric tail of UVDoc unwarping: a coarse backward-mapping grid is upsampled to the page size
/// (bilinear, corners aligned, as Paddle's <c>bilinear_interp(align_corners=True)</c>) and the page is sampled
/// through it (bilinear, zero padding, corners aligned, as <c>grid_sample</c>), giving the unwarped page.
/// </summary>
/// <remarks>
/// Grid values are normalised source coordinates: -1 is the centre of the first pixel, +1 the centre of the last
/// (align_corners=True). Channel 0 is x, channel 1 is y. The sampled value, a fraction of 1 per channel of the page
/// scaled to [0, 1], is multiplied by 255 and truncated to a byte, as PaddleX's <c>DocTrPostProcess</c> does.
/// </remarks>
internal static class GridSampler
{
    /// <summary>Samples <paramref name="page"/> through a grid of any resolution, upsampling it to the page size first.</summary>
    /// <param name="page">The page to unwarp.</param>
    /// <param name="grid">Planar grid [2, gridHeight, gridWidth]: x plane then y plane.</param>
    /// <param name="gridWidth">Grid columns.</param>
    /// <param name="gridHeight">Grid rows.</param>
    /// <returns>The unwarped page, the size of <paramref name="page"/>.</returns>
    public static BgrImage Unwarp(BgrImage page, ReadOnlySpan<float> grid, int gridWidth, int gridHeight)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (gridWidth < 1 || gridHeight < 1 || grid.Length < 2 * gridWidth * gridHeight)
        {
            throw new ArgumentException($"The grid holds {grid.Length} values; 2 x {gridHeight} x {gridWidth} are needed.", nameof(grid));
        }

        int w = page.Width, h = page.Height;
        var plane = w * h;
        var upsampled = PooledArrays.Rent<float>(2 * plane);
        try
        {
            var full = upsampled.AsSpan(0, 2 * plane);
            ResizeBilinearAlignCorners(grid[..(gridWidth * gridHeight)], gridWidth, gridHeight, full[..plane], w, h);
            ResizeBilinearAlignCorners(grid.Slice(gridWidth * gridHeight, gridWidth * gridHeight), gridWidth, gridHeight, full[plane..], w, h);
            return Sample(page, full[..plane], full[plane..]);
        }
        finally
        {
            PooledArrays.Return(upsampled);
        }
    }

    /// <summary>
    /// <c>grid_sample(bilinear, zeros, align_corners=True)</c> of <paramref name="page"/> at one grid point per output
    /// pixel (the grid has the page's size).
    /// </summary>
    public static BgrImage Sample(BgrImage page, ReadOnlySpan<float> gridX, ReadOnlySpan<float> gridY)
    {
        ArgumentNullException.ThrowIfNull(page);
        int w = page.Width, h = page.Height;
        if (gridX.Length < w * h || gridY.Length < w * h)
        {
            throw new ArgumentException($"The grid planes must hold {w * h} values each.");
        }

        var result = BgrImage.Create(w, h);
        var scaleX = (w - 1) * 0.5f;
        var scaleY = (h - 1) * 0.5f;
        for (var y = 0; y < h; y++)
        {
            var row = result.Row(y);
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var ix = (gridX[i] + 1) * scaleX;
                var iy = (gridY[i] + 1) * scaleY;
                var x0 = (int)MathF.Floor(ix);
                var y0 = (int)MathF.Floor(iy);
                var x1 = x0 + 1;
                var y1 = y0 + 1;
                var nw = (x1 - ix) * (y1 - iy);
                var ne = (ix - x0) * (y1 - iy);
                var sw = (x1 - ix) * (iy - y0);
                var se = (ix - x0) * (iy - y0);
                for (var c = 0; c < 3; c++)
                {
                    var v = Value(page, x0, y0, c) * nw + Value(page, x1, y0, c) * ne + Value(page, x0, y1, c) * sw + Value(page, x1, y1, c) * se;
                    // PaddleX's DocTrPostProcess: multiply by 255 in float32 and truncate to uint8.
                    row[3 * x + c] = (byte)Math.Clamp((int)(v * 255f), 0, 255);
                }
            }
        }

        return result;
    }

    /// <summary>Bilinear resize of one plane with corners aligned: <c>src = dst x (in - 1) / (out - 1)</c>.</summary>
    public static void ResizeBilinearAlignCorners(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, Span<float> destination, int width, int height)
    {
        var ratioX = width > 1 ? (sourceWidth - 1) / (float)(width - 1) : 0f;
        var ratioY = height > 1 ? (sourceHeight - 1) / (float)(height - 1) : 0f;
        for (var y = 0; y < height; y++)
        {
            var sy = ratioY * y;
            var y0 = Math.Min((int)sy, sourceHeight - 1);
            var y1 = Math.Min(y0 + 1, sourceHeight - 1);
            var ly = sy - y0;
            for (var x = 0; x < width; x++)
            {
                var sx = ratioX * x;
                var x0 = Math.Min((int)sx, sourceWidth - 1);
                var x1 = Math.Min(x0 + 1, sourceWidth - 1);
                var lx = sx - x0;
                var top = source[y0 * sourceWidth + x0] * (1 - lx) + source[y0 * sourceWidth + x1] * lx;
                var bottom = source[y1 * sourceWidth + x0] * (1 - lx) + source[y1 * sourceWidth + x1] * lx;
                destination[y * width + x] = top * (1 - ly) + bottom * ly;
            }
        }
    }

    // The page as the model sees it: 8-bit values scaled by 1/255 in float32 (PaddleX's Normalize(mean 0, std 1)); zero outside.
    private static float Value(BgrImage page, int x, int y, int channel) =>
        (uint)x < (uint)page.Width && (uint)y < (uint)page.Height ? page.Row(y)[3 * x + channel] * PixelScale : 0f;

    private static readonly float PixelScale = (float)(1.0 / 255.0);
}

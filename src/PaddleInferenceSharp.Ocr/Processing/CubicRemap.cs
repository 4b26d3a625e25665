using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>How pixels outside the source are filled during a warp.</summary>
internal enum WarpBorder
{
    /// <summary>Repeat the nearest edge pixel (OpenCV's BORDER_REPLICATE).</summary>
    Replicate,
    /// <summary>Black (OpenCV's BORDER_CONSTANT with value 0).</summary>
    Black,
}

/// <summary>
/// Bicubic resampling of 8-bit BGR images at fixed-point source positions, as OpenCV's <c>remap</c> does for
/// <c>warpPerspective</c>/<c>warpAffine</c> with INTER_CUBIC: positions quantised to 1/32 pixel, Keys cubic weights
/// (a = -0.75) tabulated in 15-bit fixed point with their 4x4 sum corrected to exactly 1, rounded weighted sums.
/// </summary>
internal static class CubicRemap
{
    /// <summary>Sub-pixel bits of a source position (INTER_BITS).</summary>
    public const int InterBits = 5;

    /// <summary>Sub-pixel steps per pixel (INTER_TAB_SIZE).</summary>
    public const int InterTabSize = 1 << InterBits;

    private const int CoefBits = 15;
    private const int CoefScale = 1 << CoefBits;

    private static readonly short[] Table = BuildTable();

    /// <summary>
    /// Writes the destination pixel at <paramref name="target"/> (3 bytes) from the source around the fixed-point
    /// position (<paramref name="fx"/>, <paramref name="fy"/>) in 1/32 pixel units.
    /// </summary>
    public static void Sample(BgrImage source, int fx, int fy, WarpBorder border, Span<byte> target)
    {
        int sw = source.Width, sh = source.Height;
        var sx = (fx >> InterBits) - 1;
        var sy = (fy >> InterBits) - 1;
        if (border == WarpBorder.Black && (sx >= sw || sx + 4 <= 0 || sy >= sh || sy + 4 <= 0))
        {
            target[0] = target[1] = target[2] = 0;
            return;
        }

        var weightOffset = ((fy & (InterTabSize - 1)) * InterTabSize + (fx & (InterTabSize - 1))) * 16;
        if ((uint)sx <= (uint)(sw - 4) && (uint)sy <= (uint)(sh - 4))
        {
            SampleInside(source, sx, sy, weightOffset, target);
            return;
        }

        var weights = Table.AsSpan(weightOffset, 16);
        Span<int> xs = stackalloc int[4];
        Span<int> ys = stackalloc int[4];
        for (var k = 0; k < 4; k++)
        {
            var x = sx + k;
            var y = sy + k;
            if (border == WarpBorder.Replicate)
            {
                xs[k] = Math.Clamp(x, 0, sw - 1) * 3;
                ys[k] = Math.Clamp(y, 0, sh - 1);
            }
            else
            {
                xs[k] = (uint)x < (uint)sw ? x * 3 : -1;
                ys[k] = (uint)y < (uint)sh ? y : -1;
            }
        }

        int sum0 = 0, sum1 = 0, sum2 = 0;
        for (var r = 0; r < 4; r++)
        {
            if (ys[r] < 0)
            {
                continue; // A black row contributes nothing.
            }

            var row = source.Row(ys[r]);
            for (var c = 0; c < 4; c++)
            {
                var x = xs[c];
                if (x < 0)
                {
                    continue;
                }

                int w = weights[4 * r + c];
                sum0 += row[x] * w;
                sum1 += row[x + 1] * w;
                sum2 += row[x + 2] * w;
            }
        }

        target[0] = Round(sum0);
        target[1] = Round(sum1);
        target[2] = Round(sum2);
    }

    // The 4x4 block lies inside the source: no border handling, no bounds checks (the test above proves them).
    private static void SampleInside(BgrImage source, int sx, int sy, int weightOffset, Span<byte> target)
    {
        var stride = source.Stride;
        ref var p = ref Unsafe.Add(ref MemoryMarshal.GetReference(source.Pixels), sy * stride + sx * 3);
        ref var w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), weightOffset);
        int sum0 = 0, sum1 = 0, sum2 = 0;
        for (var r = 0; r < 4; r++)
        {
            int w0 = Unsafe.Add(ref w, 0), w1 = Unsafe.Add(ref w, 1), w2 = Unsafe.Add(ref w, 2), w3 = Unsafe.Add(ref w, 3);
            sum0 += (Unsafe.Add(ref p, 0) * w0) + (Unsafe.Add(ref p, 3) * w1) + (Unsafe.Add(ref p, 6) * w2) + (Unsafe.Add(ref p, 9) * w3);
            sum1 += (Unsafe.Add(ref p, 1) * w0) + (Unsafe.Add(ref p, 4) * w1) + (Unsafe.Add(ref p, 7) * w2) + (Unsafe.Add(ref p, 10) * w3);
            sum2 += (Unsafe.Add(ref p, 2) * w0) + (Unsafe.Add(ref p, 5) * w1) + (Unsafe.Add(ref p, 8) * w2) + (Unsafe.Add(ref p, 11) * w3);
            p = ref Unsafe.Add(ref p, stride);
            w = ref Unsafe.Add(ref w, 4);
        }

        target[0] = Round(sum0);
        target[1] = Round(sum1);
        target[2] = Round(sum2);
    }

    private static byte Round(int sum) => (byte)Math.Clamp((sum + (1 << (CoefBits - 1))) >> CoefBits, 0, 255);

    // 4x4 fixed-point bicubic weights for each of the 32 x 32 sub-pixel positions; rows of the block are y.
    private static short[] BuildTable()
    {
        var table = new short[InterTabSize * InterTabSize * 16];
        Span<float> cx = stackalloc float[4];
        Span<float> cy = stackalloc float[4];
        Span<int> w = stackalloc int[16];
        for (var i = 0; i < InterTabSize; i++)
        {
            Cubic(1f / InterTabSize * i, cy);
            for (var j = 0; j < InterTabSize; j++)
            {
                Cubic(1f / InterTabSize * j, cx);
                var sum = 0;
                for (var k1 = 0; k1 < 4; k1++)
                {
                    for (var k2 = 0; k2 < 4; k2++)
                    {
                        var v = cy[k1] * cx[k2];
                        w[k1 * 4 + k2] = Math.Clamp((int)Math.Round(v * CoefScale, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
                        sum += w[k1 * 4 + k2];
                    }
                }

                if (sum != CoefScale)
                {
                    // OpenCV puts the rounding error on the largest (or smallest) weight among rows/columns
                    // ksize/2 .. ksize/2 + 1 (taps +1 and +2 of the 4x4 block); the centre tap, which saturates at
                    // 32767 for whole-pixel positions, is never adjusted.
                    var diff = sum - CoefScale;
                    int min1 = 2, min2 = 2, max1 = 2, max2 = 2;
                    for (var k1 = 2; k1 < 4; k1++)
                    {
                        for (var k2 = 2; k2 < 4; k2++)
                        {
                            if (w[k1 * 4 + k2] < w[min1 * 4 + min2])
                            {
                                min1 = k1;
                                min2 = k2;
                            }
                            else if (w[k1 * 4 + k2] > w[max1 * 4 + max2])
                            {
                                max1 = k1;
                                max2 = k2;
                            }
                        }
                    }

                    if (diff < 0)
                    {
                        w[max1 * 4 + max2] -= diff;
                    }
                    else
                    {
                        w[min1 * 4 + min2] -= diff;
                    }
                }

                var offset = (i * InterTabSize + j) * 16;
                for (var k = 0; k < 16; k++)
                {
                    table[offset + k] = (short)w[k];
                }
            }
        }

        return table;
    }

    private static void Cubic(float x, Span<float> c)
    {
        const float a = -0.75f;
        c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1f - c[0] - c[1] - c[2];
    }
}

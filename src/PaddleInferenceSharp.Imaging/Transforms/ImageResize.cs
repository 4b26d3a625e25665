using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging.Transforms;

/// <summary>
/// Bilinear resizing of 8-bit BGR images with OpenCV's <c>cv2.resize(..., INTER_LINEAR)</c> arithmetic, so the
/// network sees the pixels it sees under PaddleX.
/// </summary>
/// <remarks>
/// OpenCV maps destination pixel centres to the source (<c>(d + 0.5) * scale - 0.5</c>), clamps at the borders, and
/// works in fixed point: weights are rounded to 1/2048 (INTER_RESIZE_COEF_BITS = 11) independently, the horizontal
/// pass keeps the 2048-scaled sums, and the vertical pass rounds as its SIMD kernel does:
/// <c>((((r0 &gt;&gt; 4) * b0) &gt;&gt; 16) + (((r1 &gt;&gt; 4) * b1) &gt;&gt; 16) + 2) &gt;&gt; 2</c>.
/// An exact 2x reduction in both directions is done as INTER_AREA (2x2 mean), as OpenCV does.
/// </remarks>
public static class ImageResize
{
    private const int CoefBits = 11;
    private const int CoefScale = 1 << CoefBits;

    /// <summary>Resizes <paramref name="source"/> to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static BgrImage ResizeLinear(BgrImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var destination = BgrImage.Create(width, height);
        try
        {
            ResizeLinear(source, destination);
        }
        catch
        {
            destination.Dispose();
            throw;
        }

        return destination;
    }

    /// <summary>Resizes <paramref name="source"/> into <paramref name="destination"/> (whose size is the target).</summary>
    public static void ResizeLinear(BgrImage source, BgrImage destination)
    {
        int sw = source.Width, sh = source.Height, dw = destination.Width, dh = destination.Height;
        if (sw == dw && sh == dh)
        {
            source.Pixels.CopyTo(destination.Pixels);
            return;
        }

        if (sw == 2 * dw && sh == 2 * dh)
        {
            HalveArea(source, destination);
            return;
        }

        var scaleX = (double)sw / dw;
        var scaleY = (double)sh / dh;
        var xofs = PooledArrays.Rent<int>(dw);
        var alpha = PooledArrays.Rent<short>(dw * 2);
        var rows = PooledArrays.Rent<int>(dw * 3 * 2);
        try
        {
            for (var dx = 0; dx < dw; dx++)
            {
                var fx = (float)((dx + 0.5) * scaleX - 0.5);
                var sx = (int)Math.Floor(fx);
                fx -= sx;
                if (sx < 0)
                {
                    fx = 0;
                    sx = 0;
                }

                if (sx >= sw - 1)
                {
                    fx = 0;
                    sx = sw - 1;
                }

                xofs[dx] = sx;
                alpha[2 * dx] = SaturateShort((1f - fx) * CoefScale);
                alpha[2 * dx + 1] = SaturateShort(fx * CoefScale);
            }

            var bufferA = rows.AsSpan(0, dw * 3);
            var bufferB = rows.AsSpan(dw * 3, dw * 3);
            int rowA = -1, rowB = -1;
            for (var dy = 0; dy < dh; dy++)
            {
                var fy = (float)((dy + 0.5) * scaleY - 0.5);
                var sy = (int)Math.Floor(fy);
                fy -= sy;
                var y0 = Math.Clamp(sy, 0, sh - 1);
                var y1 = Math.Clamp(sy + 1, 0, sh - 1);
                var b0 = SaturateShort((1f - fy) * CoefScale);
                var b1 = SaturateShort(fy * CoefScale);

                // Keep the two most recent horizontally resized source rows; consecutive destination rows share them.
                LoadRow(source, y0, y1, bufferA, bufferB, ref rowA, ref rowB, xofs, alpha, dw);
                LoadRow(source, y1, y0, bufferA, bufferB, ref rowA, ref rowB, xofs, alpha, dw);

                ReadOnlySpan<int> row0 = rowA == y0 ? bufferA : bufferB;
                ReadOnlySpan<int> row1 = rowA == y1 ? bufferA : bufferB;
                VerticalPass(row0, row1, b0, b1, destination.Row(dy));
            }
        }
        finally
        {
            PooledArrays.Return(xofs);
            PooledArrays.Return(alpha);
            PooledArrays.Return(rows);
        }
    }

    // Source row y, horizontally resized, into the buffer that does not hold row keep; nothing when a buffer holds y.
    private static void LoadRow(BgrImage source, int y, int keep, Span<int> bufferA, Span<int> bufferB, ref int rowA, ref int rowB, int[] xofs, short[] alpha, int dw)
    {
        if (rowA == y || rowB == y)
        {
            return;
        }

        if (rowA == keep)
        {
            HorizontalPass(source.Row(y), bufferB, xofs, alpha, dw);
            rowB = y;
        }
        else
        {
            HorizontalPass(source.Row(y), bufferA, xofs, alpha, dw);
            rowA = y;
        }
    }

    // target[i] = clamp(((((row0[i] >> 4) * b0) >> 16) + (((row1[i] >> 4) * b1) >> 16) + 2) >> 2), four vectors at a time.
    private static void VerticalPass(ReadOnlySpan<int> row0, ReadOnlySpan<int> row1, int b0, int b1, Span<byte> target)
    {
        var n = Vector<int>.Count;
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= 4 * n)
        {
            var vb0 = new Vector<int>(b0);
            var vb1 = new Vector<int>(b1);
            var two = new Vector<int>(2);
            var max = new Vector<int>(255);
            for (; i <= target.Length - 4 * n; i += 4 * n)
            {
                var v0 = Blend(row0.Slice(i), row1.Slice(i), vb0, vb1, two, max);
                var v1 = Blend(row0.Slice(i + n), row1.Slice(i + n), vb0, vb1, two, max);
                var v2 = Blend(row0.Slice(i + 2 * n), row1.Slice(i + 2 * n), vb0, vb1, two, max);
                var v3 = Blend(row0.Slice(i + 3 * n), row1.Slice(i + 3 * n), vb0, vb1, two, max);
                var bytes = Vector.Narrow(Vector.AsVectorUInt16(Vector.Narrow(v0, v1)), Vector.AsVectorUInt16(Vector.Narrow(v2, v3)));
                bytes.CopyTo(target.Slice(i));
            }
        }

        for (; i < target.Length; i++)
        {
            var v = ((((row0[i] >> 4) * b0) >> 16) + (((row1[i] >> 4) * b1) >> 16) + 2) >> 2;
            target[i] = (byte)Math.Clamp(v, 0, 255);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> Blend(ReadOnlySpan<int> row0, ReadOnlySpan<int> row1, Vector<int> b0, Vector<int> b1, Vector<int> two, Vector<int> max)
    {
        var v = (((new Vector<int>(row0) >> 4) * b0) >> 16) + (((new Vector<int>(row1) >> 4) * b1) >> 16);
        return Vector.Min(Vector.Max((v + two) >> 2, Vector<int>.Zero), max);
    }

    private static void HorizontalPass(ReadOnlySpan<byte> source, Span<int> destination, int[] xofs, short[] alpha, int dw)
    {
        if (destination.Length < 3 * dw || xofs.Length < dw || alpha.Length < 2 * dw)
        {
            throw new ArgumentException("The resize buffers are too small.");
        }

        // xofs are clamped to the row (and a1 is 0 at the last column), so every read below stays inside it.
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        ref var ofs = ref MemoryMarshal.GetArrayDataReference(xofs);
        ref var alp = ref MemoryMarshal.GetArrayDataReference(alpha);
        for (var dx = 0; dx < dw; dx++)
        {
            ref var s = ref Unsafe.Add(ref src, Unsafe.Add(ref ofs, dx) * 3);
            int a0 = Unsafe.Add(ref alp, 2 * dx), a1 = Unsafe.Add(ref alp, 2 * dx + 1);
            ref var d = ref Unsafe.Add(ref dst, dx * 3);
            if (a1 == 0)
            {
                d = s * a0;
                Unsafe.Add(ref d, 1) = Unsafe.Add(ref s, 1) * a0;
                Unsafe.Add(ref d, 2) = Unsafe.Add(ref s, 2) * a0;
            }
            else
            {
                d = (s * a0) + (Unsafe.Add(ref s, 3) * a1);
                Unsafe.Add(ref d, 1) = (Unsafe.Add(ref s, 1) * a0) + (Unsafe.Add(ref s, 4) * a1);
                Unsafe.Add(ref d, 2) = (Unsafe.Add(ref s, 2) * a0) + (Unsafe.Add(ref s, 5) * a1);
            }
        }
    }

    private static void HalveArea(BgrImage source, BgrImage destination)
    {
        for (var dy = 0; dy < destination.Height; dy++)
        {
            var r0 = source.Row(2 * dy);
            var r1 = source.Row(2 * dy + 1);
            var target = destination.Row(dy);
            for (var dx = 0; dx < destination.Width; dx++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var s = 6 * dx + c;
                    target[3 * dx + c] = (byte)((r0[s] + r0[s + 3] + r1[s] + r1[s + 3] + 2) >> 2);
                }
            }
        }
    }

    private static short SaturateShort(float value)
    {
        var rounded = (int)Math.Round(value, MidpointRounding.ToEven);
        return (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
    }
}

using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>The size detection runs at, computed as PaddleX's <c>DetResizeForTest</c> (resize type 0).</summary>
internal static class DetResize
{
    /// <summary>PaddleX pads images whose width + height is below this to at least 32 x 32 (zeros, bottom/right).</summary>
    public const int SmallImageSum = 64;

    /// <summary>
    /// The network input size for an image of <paramref name="width"/> x <paramref name="height"/> (after PaddleX's
    /// small-image padding): scale by the limit, cap the longer side at <paramref name="maxSideLimit"/>, then round each
    /// side to the nearest multiple of 32 (at least 32).
    /// </summary>
    public static (int Width, int Height) TargetSize(int width, int height, int limitSideLen, LimitType limitType, int maxSideLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitSideLen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSideLimit);
        double ratio = limitType switch
        {
            LimitType.Max => Math.Max(height, width) > limitSideLen ? (double)limitSideLen / (height > width ? height : width) : 1.0,
            LimitType.Min => Math.Min(height, width) < limitSideLen ? (double)limitSideLen / (height < width ? height : width) : 1.0,
            _ => (double)limitSideLen / Math.Max(height, width),
        };
        var resizeH = (int)(height * ratio);
        var resizeW = (int)(width * ratio);
        if (Math.Max(resizeH, resizeW) > maxSideLimit)
        {
            var capRatio = (double)maxSideLimit / Math.Max(resizeH, resizeW);
            resizeH = (int)(resizeH * capRatio);
            resizeW = (int)(resizeW * capRatio);
        }

        // Python's round() rounds half to even; so does Math.Round's default.
        resizeH = Math.Max((int)Math.Round(resizeH / 32.0) * 32, 32);
        resizeW = Math.Max((int)Math.Round(resizeW / 32.0) * 32, 32);
        return (resizeW, resizeH);
    }
}

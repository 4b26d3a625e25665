namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>How <see cref="DetResize"/> limits the image side before detection (PaddleX's <c>limit_type</c>).</summary>
public enum LimitType
{
    /// <summary><c>max</c>: shrink so the longer side is at most <c>limit_side_len</c>.</summary>
    Max,
    /// <summary><c>min</c>: enlarge so the shorter side is at least <c>limit_side_len</c>.</summary>
    Min,
    /// <summary><c>resize_long</c>: scale so the longer side equals <c>limit_side_len</c>.</summary>
    ResizeLong,
}

/// <summary>The size detection runs at, computed as PaddleX's <c>DetResizeForTest</c> (resize type 0).</summary>
public static class DetResize
{
    /// <summary>PaddleX pads images whose width + height is below this to at least 32 x 32 (zeros, bottom/right).</summary>
    public const int SmallImageSum = 64;

    /// <summary>Parses PaddleX's spelling of a limit type.</summary>
    /// <exception cref="ArgumentException">Not one of <c>max</c>, <c>min</c>, <c>resize_long</c>.</exception>
    public static LimitType ParseLimitType(string value) => value switch
    {
        "max" => LimitType.Max,
        "min" => LimitType.Min,
        "resize_long" => LimitType.ResizeLong,
        _ => throw new ArgumentException($"Unknown text_det_limit_type '{value}'; expected 'max', 'min' or 'resize_long'.", nameof(value)),
    };

    /// <summary>PaddleX's spelling of <paramref name="type"/>.</summary>
    public static string Format(LimitType type) => type switch
    {
        LimitType.Max => "max",
        LimitType.Min => "min",
        _ => "resize_long",
    };

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

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>How text detection limits the image side before it runs (PaddleX's <c>limit_type</c>).</summary>
public enum LimitType
{
    /// <summary><c>max</c>: shrink so the longer side is at most <c>limit_side_len</c>.</summary>
    Max,
    /// <summary><c>min</c>: enlarge so the shorter side is at least <c>limit_side_len</c>.</summary>
    Min,
    /// <summary><c>resize_long</c>: scale so the longer side equals <c>limit_side_len</c>.</summary>
    ResizeLong,
}

/// <summary>PaddleX's spellings of <see cref="LimitType"/> (<c>max</c>, <c>min</c>, <c>resize_long</c>).</summary>
public static class LimitTypes
{
    /// <summary>Parses PaddleX's spelling of a limit type.</summary>
    /// <exception cref="ArgumentException">Not one of <c>max</c>, <c>min</c>, <c>resize_long</c>.</exception>
    public static LimitType Parse(string value) => value switch
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
}

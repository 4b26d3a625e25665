namespace PaddleInferenceSharp.Imaging;

/// <summary>Limits applied while decoding untrusted images.</summary>
public sealed record DecodeOptions
{
    /// <summary>The defaults: at most 200 million pixels.</summary>
    public static DecodeOptions Default { get; } = new();

    /// <summary>
    /// The largest accepted width x height. Checked against the declared size before any pixel memory is
    /// allocated, so decompression bombs fail fast.
    /// </summary>
    public long MaxPixels { get; init; } = 200_000_000;

    /// <summary>
    /// Whether a JPEG's EXIF orientation is applied (true by default, as OpenCV's <c>imread</c> does for PaddleX).
    /// Other formats are returned as stored.
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;

    /// <summary>How 16-bit samples become 8-bit ones (PNG).</summary>
    public SampleReduction SixteenBitReduction { get; init; } = SampleReduction.HighByte;
}

/// <summary>Conversions of 16-bit samples to 8 bits.</summary>
public enum SampleReduction
{
    /// <summary>Keep the high byte (<c>v &gt;&gt; 8</c>): libpng's strip_16, which OpenCV's <c>imread</c> — and so PaddleX — uses.</summary>
    HighByte,
    /// <summary>Rescale the range and truncate (<c>v x 255 / 65535</c>, i.e. <c>floor(v / 257)</c>): what ImageMagick 6 (Q16) writes as 8-bit.</summary>
    Scaled,
}

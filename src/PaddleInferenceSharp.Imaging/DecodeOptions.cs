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
}

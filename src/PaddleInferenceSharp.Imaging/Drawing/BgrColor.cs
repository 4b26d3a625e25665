namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>An 8-bit colour in <see cref="BgrImage"/>'s channel order.</summary>
/// <param name="B">Blue.</param>
/// <param name="G">Green.</param>
/// <param name="R">Red.</param>
public readonly record struct BgrColor(byte B, byte G, byte R)
{
    /// <summary>Black.</summary>
    public static BgrColor Black => new(0, 0, 0);

    /// <summary>White.</summary>
    public static BgrColor White => new(255, 255, 255);

    /// <summary>A colour from red, green and blue (PIL's and PaddleX's tuple order).</summary>
    public static BgrColor FromRgb(int r, int g, int b) => new((byte)b, (byte)g, (byte)r);
}

using System.Runtime.InteropServices;
using System.Text;
using PaddleInferenceSharp.Bindings.FreeType;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>
/// One face of a font file rendered through FreeType at a pixel size: measures text (PIL's <c>getlength</c>) and
/// draws anti-aliased glyphs onto a <see cref="BgrImage"/> (PIL's <c>ImageDraw.text</c> with the default
/// left/ascender anchor).
/// </summary>
/// <remarks>Not thread-safe: a FreeType face serves one thread at a time. Open one per thread.</remarks>
public sealed class FontFace : IDisposable
{
    private readonly NativeObjectHandle _library;
    private readonly FreeTypeFaceHandle _face;
    private readonly bool _hasKerning;

    private FontFace(NativeObjectHandle library, FreeTypeFaceHandle face, string path, int faceIndex)
    {
        _library = library;
        _face = face;
        Path = path;
        FaceIndex = faceIndex;
        _hasKerning = (FaceRec().FaceFlags.Value & FreeTypeNative.FaceFlagKerning) != 0;
    }

    /// <summary>The font file.</summary>
    public string Path { get; }

    /// <summary>The face within the file (font collections such as <c>.ttc</c> hold several).</summary>
    public int FaceIndex { get; }

    /// <summary>The current pixel size (em height), set by <see cref="SetPixelSize"/>.</summary>
    public int PixelSize { get; private set; }

    /// <summary>Opens a face of a font file.</summary>
    /// <param name="path">A TrueType/OpenType font or collection.</param>
    /// <param name="faceIndex">The face within a collection (0 for single fonts).</param>
    /// <exception cref="FontNotFoundException">The file is missing or FreeType cannot open it.</exception>
    /// <exception cref="NativeLibraryNotFoundException">FreeType itself cannot be loaded.</exception>
    public static FontFace Open(string path, int faceIndex = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(faceIndex);
        if (!File.Exists(path))
        {
            throw new FontNotFoundException($"Font file '{path}' does not exist.", path);
        }

        var library = FreeTypeLibrary.Create();
        FreeTypeFaceHandle? face = null;
        try
        {
            face = new FreeTypeFaceHandle(library);
            var error = FreeTypeNative.NewFace(library.DangerousGetHandle(), path, new CLong(faceIndex), out var raw);
            if (error != 0 || raw == IntPtr.Zero)
            {
                throw new FontNotFoundException($"FreeType cannot open face {faceIndex} of font file '{path}' (FreeType error {error}); use a TrueType or OpenType font.", path);
            }

            face.Attach(raw);
            var font = new FontFace(library, face, path, faceIndex);
            font.SetPixelSize(16);
            return font;
        }
        catch
        {
            face?.Dispose();
            library.Dispose();
            throw;
        }
    }

    /// <summary>Sets the size as PIL's <c>ImageFont.truetype(path, size)</c> does: <paramref name="size"/> pixels per em.</summary>
    public void SetPixelSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var error = FreeTypeNative.SetPixelSizes(Handle, 0, (uint)size);
        if (error != 0)
        {
            throw new InvalidOperationException($"FreeType cannot set size {size} px on '{Path}' (FreeType error {error}).");
        }

        PixelSize = size;
    }

    /// <summary>The ascender at the current size in whole pixels: the distance from the top of the line to the baseline.</summary>
    public unsafe int Ascender
    {
        get
        {
            var size = (FreeTypeNative.SizeRec*)FaceRec().Size;
            return (int)((size->Metrics.Ascender.Value + 32) >> 6);
        }
    }

    /// <summary>Whether the face has a glyph for <paramref name="character"/> (otherwise FreeType draws the "missing" box).</summary>
    public bool HasGlyph(Rune character) => FreeTypeNative.GetCharIndex(Handle, new CULong((uint)character.Value)) != 0;

    /// <summary>The advance width of <paramref name="text"/> in pixels, kerning included (PIL's <c>getlength</c>).</summary>
    public unsafe double MeasureLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long advance = 0;
        uint previous = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = LoadGlyph(rune, render: false, ref previous, ref advance);
            advance += glyph->Advance.X.Value;
        }

        return advance / 64.0;
    }

    /// <summary>The height in pixels of the inked part of one character (PIL's <c>getbbox</c> bottom minus top).</summary>
    public unsafe int InkHeight(Rune character)
    {
        uint previous = 0;
        long advance = 0;
        var glyph = LoadGlyph(character, render: true, ref previous, ref advance);
        return (int)glyph->Bitmap.Rows;
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its line top (ascender) at <paramref name="y"/> and its pen start at
    /// <paramref name="x"/>, blending the glyph coverage with <paramref name="color"/>; clipped to the image.
    /// </summary>
    public unsafe void DrawText(BgrImage image, int x, int y, string text, BgrColor color)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(text);
        var baseline = y + Ascender;
        long pen = (long)x << 6;
        uint previous = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = LoadGlyph(rune, render: true, ref previous, ref pen);
            var left = (int)(((pen + 32) >> 6) + glyph->BitmapLeft);
            Blit(image, glyph->Bitmap, left, baseline - glyph->BitmapTop, color);
            pen += glyph->Advance.X.Value;
        }
    }

    /// <summary>Releases the face and its FreeType library. Idempotent.</summary>
    public void Dispose()
    {
        _face.Dispose();
        _library.Dispose();
    }

    private IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_face.IsClosed, this);
            return _face.DangerousGetHandle();
        }
    }

    private unsafe FreeTypeNative.FaceRec FaceRec() => *(FreeTypeNative.FaceRec*)Handle;

    // Loads (and optionally renders) one character's glyph into the face's slot; adds kerning against the previous glyph to the pen.
    private unsafe FreeTypeNative.GlyphSlotRec* LoadGlyph(Rune rune, bool render, ref uint previous, ref long pen)
    {
        var face = Handle;
        var index = FreeTypeNative.GetCharIndex(face, new CULong((uint)rune.Value));
        if (_hasKerning && previous != 0 && index != 0
            && FreeTypeNative.GetKerning(face, previous, index, FreeTypeNative.KerningDefault, out var kerning) == 0)
        {
            pen += kerning.X.Value;
        }

        previous = index;
        var error = FreeTypeNative.LoadGlyph(face, index, render ? FreeTypeNative.LoadRender : FreeTypeNative.LoadDefault);
        if (error != 0)
        {
            throw new InvalidOperationException($"FreeType cannot load the glyph of U+{rune.Value:X4} from '{Path}' (FreeType error {error}).");
        }

        return (FreeTypeNative.GlyphSlotRec*)((FreeTypeNative.FaceRec*)face)->Glyph;
    }

    private static unsafe void Blit(BgrImage image, FreeTypeNative.Bitmap bitmap, int left, int top, BgrColor color)
    {
        if (bitmap.PixelMode != FreeTypeNative.PixelModeGray || bitmap.Buffer == IntPtr.Zero)
        {
            return;
        }

        for (var row = 0; row < (int)bitmap.Rows; row++)
        {
            var y = top + row;
            if ((uint)y >= (uint)image.Height)
            {
                continue;
            }

            var coverage = new ReadOnlySpan<byte>((byte*)bitmap.Buffer + (long)row * bitmap.Pitch, (int)bitmap.Width);
            var target = image.Row(y);
            for (var col = 0; col < coverage.Length; col++)
            {
                var x = left + col;
                var alpha = coverage[col];
                if (alpha == 0 || (uint)x >= (uint)image.Width)
                {
                    continue;
                }

                target[3 * x] = Blend(target[3 * x], color.B, alpha);
                target[3 * x + 1] = Blend(target[3 * x + 1], color.G, alpha);
                target[3 * x + 2] = Blend(target[3 * x + 2], color.R, alpha);
            }
        }
    }

    // PIL's BLEND: background + (ink - background) * alpha / 255, rounded.
    private static byte Blend(byte background, byte ink, byte alpha)
    {
        var t = (ink - background) * alpha + 128;
        return (byte)(background + ((t + (t >> 8)) >> 8));
    }
}

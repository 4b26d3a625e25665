using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.FreeType;

/// <summary>Declarations of the FreeType 2 API (<c>freetype/freetype.h</c>) used to render text glyphs.</summary>
/// <remarks>
/// FreeType reports errors as return codes (0 = success). <c>FT_Long</c>/<c>FT_Pos</c>/<c>FT_Fixed</c> are C
/// <c>long</c>, declared as <see cref="CLong"/> so the struct layouts hold on LP64 and LLP64 platforms.
/// </remarks>
internal static partial class FreeTypeNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "freetype";

    /// <summary>FT_LOAD_DEFAULT.</summary>
    public const int LoadDefault = 0;

    /// <summary>FT_LOAD_RENDER: render the glyph to an 8-bit anti-aliased bitmap after loading.</summary>
    public const int LoadRender = 1 << 2;

    /// <summary>FT_PIXEL_MODE_GRAY: one byte of coverage per pixel.</summary>
    public const byte PixelModeGray = 2;

    /// <summary>FT_FACE_FLAG_KERNING: the face has a kerning table usable with FT_Get_Kerning.</summary>
    public const long FaceFlagKerning = 1 << 6;

    /// <summary>FT_KERNING_DEFAULT: grid-fitted kerning distances in 26.6 pixels.</summary>
    public const uint KerningDefault = 0;

    /// <summary>FT_Init_FreeType.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Init_FreeType")]
    public static partial int InitFreeType(out IntPtr library);

    /// <summary>FT_Done_FreeType.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Done_FreeType")]
    public static partial int DoneFreeType(IntPtr library);

    /// <summary>FT_New_Face: opens face <paramref name="faceIndex"/> of a font file (UTF-8 path).</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_New_Face", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NewFace(IntPtr library, string path, CLong faceIndex, out IntPtr face);

    /// <summary>FT_Done_Face.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Done_Face")]
    public static partial int DoneFace(IntPtr face);

    /// <summary>FT_Set_Pixel_Sizes.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Set_Pixel_Sizes")]
    public static partial int SetPixelSizes(IntPtr face, uint pixelWidth, uint pixelHeight);

    /// <summary>FT_Get_Char_Index: the glyph of a Unicode code point, 0 when the face lacks it.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Get_Char_Index")]
    public static partial uint GetCharIndex(IntPtr face, CULong charCode);

    /// <summary>FT_Load_Glyph into the face's glyph slot.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Load_Glyph")]
    public static partial int LoadGlyph(IntPtr face, uint glyphIndex, int loadFlags);

    /// <summary>FT_Get_Kerning.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FT_Get_Kerning")]
    public static partial int GetKerning(IntPtr face, uint leftGlyph, uint rightGlyph, uint kernMode, out Vector kerning);

    /// <summary>FT_Generic.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Generic
    {
        /// <summary>data.</summary>
        public IntPtr Data;
        /// <summary>finalizer.</summary>
        public IntPtr Finalizer;
    }

    /// <summary>FT_Vector (26.6 or integer units depending on use).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Vector
    {
        /// <summary>x.</summary>
        public CLong X;
        /// <summary>y.</summary>
        public CLong Y;
    }

    /// <summary>The leading fields of FT_FaceRec, up to <c>charmap</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FaceRec
    {
        /// <summary>num_faces.</summary>
        public CLong NumFaces;
        /// <summary>face_index.</summary>
        public CLong FaceIndex;
        /// <summary>face_flags.</summary>
        public CLong FaceFlags;
        /// <summary>style_flags.</summary>
        public CLong StyleFlags;
        /// <summary>num_glyphs.</summary>
        public CLong NumGlyphs;
        /// <summary>family_name.</summary>
        public IntPtr FamilyName;
        /// <summary>style_name.</summary>
        public IntPtr StyleName;
        /// <summary>num_fixed_sizes.</summary>
        public int NumFixedSizes;
        /// <summary>available_sizes.</summary>
        public IntPtr AvailableSizes;
        /// <summary>num_charmaps.</summary>
        public int NumCharmaps;
        /// <summary>charmaps.</summary>
        public IntPtr Charmaps;
        /// <summary>generic.</summary>
        public Generic Generic;
        /// <summary>bbox.xMin.</summary>
        public CLong BBoxXMin;
        /// <summary>bbox.yMin.</summary>
        public CLong BBoxYMin;
        /// <summary>bbox.xMax.</summary>
        public CLong BBoxXMax;
        /// <summary>bbox.yMax.</summary>
        public CLong BBoxYMax;
        /// <summary>units_per_EM.</summary>
        public ushort UnitsPerEm;
        /// <summary>ascender (font units).</summary>
        public short Ascender;
        /// <summary>descender (font units).</summary>
        public short Descender;
        /// <summary>height (font units).</summary>
        public short Height;
        /// <summary>max_advance_width.</summary>
        public short MaxAdvanceWidth;
        /// <summary>max_advance_height.</summary>
        public short MaxAdvanceHeight;
        /// <summary>underline_position.</summary>
        public short UnderlinePosition;
        /// <summary>underline_thickness.</summary>
        public short UnderlineThickness;
        /// <summary>glyph: the face's glyph slot (FT_GlyphSlotRec*).</summary>
        public IntPtr Glyph;
        /// <summary>size: the active size (FT_SizeRec*).</summary>
        public IntPtr Size;
        /// <summary>charmap.</summary>
        public IntPtr Charmap;
    }

    /// <summary>FT_Size_Metrics.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SizeMetrics
    {
        /// <summary>x_ppem.</summary>
        public ushort XPpem;
        /// <summary>y_ppem.</summary>
        public ushort YPpem;
        /// <summary>x_scale.</summary>
        public CLong XScale;
        /// <summary>y_scale.</summary>
        public CLong YScale;
        /// <summary>ascender (26.6 pixels).</summary>
        public CLong Ascender;
        /// <summary>descender (26.6 pixels).</summary>
        public CLong Descender;
        /// <summary>height (26.6 pixels).</summary>
        public CLong Height;
        /// <summary>max_advance (26.6 pixels).</summary>
        public CLong MaxAdvance;
    }

    /// <summary>The leading fields of FT_SizeRec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SizeRec
    {
        /// <summary>face.</summary>
        public IntPtr Face;
        /// <summary>generic.</summary>
        public Generic Generic;
        /// <summary>metrics.</summary>
        public SizeMetrics Metrics;
    }

    /// <summary>FT_Bitmap.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Bitmap
    {
        /// <summary>rows.</summary>
        public uint Rows;
        /// <summary>width (pixels).</summary>
        public uint Width;
        /// <summary>pitch (bytes per row, negative for bottom-up).</summary>
        public int Pitch;
        /// <summary>buffer.</summary>
        public IntPtr Buffer;
        /// <summary>num_grays.</summary>
        public ushort NumGrays;
        /// <summary>pixel_mode.</summary>
        public byte PixelMode;
        /// <summary>palette_mode.</summary>
        public byte PaletteMode;
        /// <summary>palette.</summary>
        public IntPtr Palette;
    }

    /// <summary>FT_Glyph_Metrics (26.6 pixels once a size is set).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GlyphMetrics
    {
        /// <summary>width.</summary>
        public CLong Width;
        /// <summary>height.</summary>
        public CLong Height;
        /// <summary>horiBearingX.</summary>
        public CLong HoriBearingX;
        /// <summary>horiBearingY.</summary>
        public CLong HoriBearingY;
        /// <summary>horiAdvance.</summary>
        public CLong HoriAdvance;
        /// <summary>vertBearingX.</summary>
        public CLong VertBearingX;
        /// <summary>vertBearingY.</summary>
        public CLong VertBearingY;
        /// <summary>vertAdvance.</summary>
        public CLong VertAdvance;
    }

    /// <summary>The leading fields of FT_GlyphSlotRec, up to <c>bitmap_top</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GlyphSlotRec
    {
        /// <summary>library.</summary>
        public IntPtr Library;
        /// <summary>face.</summary>
        public IntPtr Face;
        /// <summary>next.</summary>
        public IntPtr Next;
        /// <summary>glyph_index.</summary>
        public uint GlyphIndex;
        /// <summary>generic.</summary>
        public Generic Generic;
        /// <summary>metrics.</summary>
        public GlyphMetrics Metrics;
        /// <summary>linearHoriAdvance.</summary>
        public CLong LinearHoriAdvance;
        /// <summary>linearVertAdvance.</summary>
        public CLong LinearVertAdvance;
        /// <summary>advance (26.6 pixels, hinted).</summary>
        public Vector Advance;
        /// <summary>format.</summary>
        public int Format;
        /// <summary>bitmap (after rendering).</summary>
        public Bitmap Bitmap;
        /// <summary>bitmap_left: pen x to the bitmap's left edge, in pixels.</summary>
        public int BitmapLeft;
        /// <summary>bitmap_top: baseline to the bitmap's top row, in pixels (up is positive).</summary>
        public int BitmapTop;
    }
}

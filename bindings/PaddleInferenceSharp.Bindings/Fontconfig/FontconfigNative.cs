using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings.Fontconfig;

/// <summary>Declarations of the fontconfig API (<c>fontconfig/fontconfig.h</c>) used to find an installed font.</summary>
internal static partial class FontconfigNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "fontconfig";

    /// <summary>FcMatchPattern.</summary>
    public const int MatchPattern = 0;

    /// <summary>FcResultMatch.</summary>
    public const int ResultMatch = 0;

    /// <summary>FC_FILE.</summary>
    public const string PropertyFile = "file";

    /// <summary>FC_INDEX.</summary>
    public const string PropertyIndex = "index";

    /// <summary>FC_FAMILY.</summary>
    public const string PropertyFamily = "family";

    /// <summary>FC_CHARSET.</summary>
    public const string PropertyCharset = "charset";

    /// <summary>FcInitLoadConfigAndFonts: a new configuration with the system's fonts; released with FcConfigDestroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcInitLoadConfigAndFonts")]
    public static partial IntPtr InitLoadConfigAndFonts();

    /// <summary>FcConfigDestroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcConfigDestroy")]
    public static partial void ConfigDestroy(IntPtr config);

    /// <summary>FcNameParse: a pattern from a font name such as <c>Noto Sans CJK SC:lang=zh-cn</c>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcNameParse", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr NameParse(string name);

    /// <summary>FcConfigSubstitute.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcConfigSubstitute")]
    public static partial int ConfigSubstitute(IntPtr config, IntPtr pattern, int kind);

    /// <summary>FcDefaultSubstitute.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcDefaultSubstitute")]
    public static partial void DefaultSubstitute(IntPtr pattern);

    /// <summary>FcFontMatch: the best installed font for a pattern; released with FcPatternDestroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcFontMatch")]
    public static partial IntPtr FontMatch(IntPtr config, IntPtr pattern, out int result);

    /// <summary>FcPatternDestroy.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcPatternDestroy")]
    public static partial void PatternDestroy(IntPtr pattern);

    /// <summary>FcPatternGetString: the string is owned by the pattern.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcPatternGetString", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PatternGetString(IntPtr pattern, string property, int n, out IntPtr value);

    /// <summary>FcPatternGetInteger.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcPatternGetInteger", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PatternGetInteger(IntPtr pattern, string property, int n, out int value);

    /// <summary>FcPatternGetCharSet: the charset is owned by the pattern.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcPatternGetCharSet", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PatternGetCharSet(IntPtr pattern, string property, int n, out IntPtr charset);

    /// <summary>FcCharSetHasChar: nonzero when the charset covers <paramref name="codePoint"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "FcCharSetHasChar")]
    public static partial int CharSetHasChar(IntPtr charset, uint codePoint);
}

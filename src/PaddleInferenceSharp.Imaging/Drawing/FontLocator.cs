using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.Fontconfig;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging.Drawing;

/// <summary>A font file and the face to use within it.</summary>
/// <param name="Path">The font file.</param>
/// <param name="FaceIndex">The face within a collection (0 for single fonts).</param>
public readonly record struct FontLocation(string Path, int FaceIndex);

/// <summary>
/// Finds a font that can draw Chinese, Japanese and Korean as well as Latin text (PaddleX draws recognised text
/// with SimFang/PingFang; here a Noto CJK font from the <c>fonts-noto-cjk</c> package is used): a configured path,
/// then the environment variable <see cref="PathVariable"/>, then fontconfig, then well-known install locations.
/// </summary>
public static class FontLocator
{
    /// <summary>Environment variable naming the font file (optionally <c>file.ttc:index</c>).</summary>
    public const string PathVariable = "PADDLEINFERENCESHARP_FONT_PATH";

    /// <summary>Environment variable naming the fontconfig library file explicitly.</summary>
    public const string FontconfigPathVariable = "PADDLEINFERENCESHARP_FONTCONFIG_PATH";

    // U+4E2D (中): a matched font must cover CJK ideographs, not only fall back to a Latin font.
    private const uint CjkProbeCharacter = 0x4E2D;

    private static readonly string[] FontconfigPatterns = ["Noto Sans CJK SC", "Noto Serif CJK SC", "sans-serif:lang=zh-cn"];

    private static readonly string[] WellKnownFiles =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:2",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc:2",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc:2",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc:2",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc:0",
        "/System/Library/Fonts/PingFang.ttc:0",
        "C:/Windows/Fonts/msyh.ttc:0",
        "C:/Windows/Fonts/simsun.ttc:0",
    ];

    private static readonly Lazy<IntPtr> Fontconfig = new(LoadFontconfig, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<(FontLocation? Found, string Tried)> SystemFont = new(FindSystemFont, LazyThreadSafetyMode.ExecutionAndPublication);

    static FontLocator()
    {
        NativeLibraryRegistry.Register(FontconfigNative.LibraryName, () => Fontconfig.Value);
    }

    /// <summary>The CJK-capable font to draw text with.</summary>
    /// <param name="configuredPath">A font file chosen by the caller (optionally <c>file.ttc:index</c>); used as is when set.</param>
    /// <exception cref="FontNotFoundException">No font was configured or found; the message lists what was tried.</exception>
    public static FontLocation Locate(string? configuredPath = null)
    {
        if (!string.IsNullOrEmpty(configuredPath))
        {
            return Parse(configuredPath);
        }

        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment)
        {
            return Parse(fromEnvironment);
        }

        var (found, tried) = SystemFont.Value;
        return found ?? throw new FontNotFoundException(
            "No font that can draw CJK text was found (" + tried + "). Install one: 'apt-get install fonts-noto-cjk' on Debian/Ubuntu, or set " + PathVariable + " to a TrueType/OpenType font file (file.ttc:index for a collection).");
    }

    /// <summary>Parses <c>path</c> or <c>path:index</c>.</summary>
    internal static FontLocation Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon > 1 && int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return new FontLocation(value[..colon], index);
        }

        return new FontLocation(value, 0);
    }

    private static (FontLocation? Found, string Tried) FindSystemFont()
    {
        var tried = new List<string>();
        try
        {
            _ = Fontconfig.Value;
            foreach (var pattern in FontconfigPatterns)
            {
                if (MatchWithFontconfig(pattern) is { } match)
                {
                    return (match, string.Empty);
                }

                tried.Add($"fontconfig '{pattern}': no CJK font");
            }
        }
        catch (NativeLibraryNotFoundException ex)
        {
            tried.Add("fontconfig: " + ex.Message);
        }

        foreach (var candidate in WellKnownFiles)
        {
            var location = Parse(candidate);
            if (File.Exists(location.Path))
            {
                return (location, string.Empty);
            }
        }

        tried.Add("well-known files: none present");
        return (null, string.Join("; ", tried));
    }

    private static FontLocation? MatchWithFontconfig(string name)
    {
        var config = FontconfigNative.InitLoadConfigAndFonts();
        if (config == IntPtr.Zero)
        {
            return null;
        }

        var pattern = IntPtr.Zero;
        var match = IntPtr.Zero;
        try
        {
            pattern = FontconfigNative.NameParse(name);
            if (pattern == IntPtr.Zero)
            {
                return null;
            }

            FontconfigNative.ConfigSubstitute(config, pattern, FontconfigNative.MatchPattern);
            FontconfigNative.DefaultSubstitute(pattern);
            match = FontconfigNative.FontMatch(config, pattern, out var result);
            if (match == IntPtr.Zero || result != FontconfigNative.ResultMatch
                || FontconfigNative.PatternGetString(match, FontconfigNative.PropertyFile, 0, out var file) != FontconfigNative.ResultMatch
                || FontconfigNative.PatternGetCharSet(match, FontconfigNative.PropertyCharset, 0, out var charset) != FontconfigNative.ResultMatch
                || FontconfigNative.CharSetHasChar(charset, CjkProbeCharacter) == 0)
            {
                return null;
            }

            var index = FontconfigNative.PatternGetInteger(match, FontconfigNative.PropertyIndex, 0, out var i) == FontconfigNative.ResultMatch ? i : 0;
            var path = Marshal.PtrToStringUTF8(file);
            return string.IsNullOrEmpty(path) || !File.Exists(path) ? null : new FontLocation(path, index);
        }
        finally
        {
            if (match != IntPtr.Zero)
            {
                FontconfigNative.PatternDestroy(match);
            }

            if (pattern != IntPtr.Zero)
            {
                FontconfigNative.PatternDestroy(pattern);
            }

            FontconfigNative.ConfigDestroy(config);
        }
    }

    private static IntPtr LoadFontconfig()
    {
        var names = SystemLibrary.Names(["fontconfig-1.dll", "libfontconfig-1.dll"], ["libfontconfig.1.dylib", "libfontconfig.dylib"], ["libfontconfig.so.1", "libfontconfig.so"]);
        return SystemLibrary.Load(
            "the fontconfig library (" + names[0] + ")",
            names,
            "Install it: 'apt-get install libfontconfig1' on Debian/Ubuntu, or set " + FontconfigPathVariable + " to the library file; or name a font with " + PathVariable + ".",
            FontconfigPathVariable,
            appLocal: false);
    }
}

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// Chooses the detection and recognition models for a language and PP-OCR version the way PaddleOCR's
/// <c>PaddleOCR(lang=..., ocr_version=...)</c> does.
/// </summary>
public static class OcrModelCatalog
{
    /// <summary>The supported <c>ocr_version</c> values.</summary>
    public static IReadOnlyList<string> Versions { get; } = ["PP-OCRv3", "PP-OCRv4", "PP-OCRv5"];

    private static readonly HashSet<string> Latin = new(StringComparer.Ordinal)
    {
        "af", "az", "bs", "cs", "cy", "da", "de", "es", "et", "fr", "ga", "hr", "hu", "id", "is", "it", "ku", "la", "lt", "lv",
        "mi", "ms", "mt", "nl", "no", "oc", "pi", "pl", "pt", "ro", "rs_latin", "sk", "sl", "sq", "sv", "sw", "tl", "tr", "uz",
        "vi", "french", "german", "fi", "eu", "gl", "lb", "rm", "ca", "qu",
    };

    private static readonly HashSet<string> Arabic = new(StringComparer.Ordinal) { "ar", "fa", "ug", "ur", "ps", "ku", "sd", "bal" };
    private static readonly HashSet<string> EastSlavic = new(StringComparer.Ordinal) { "ru", "be", "uk" };

    private static readonly HashSet<string> Cyrillic = new(StringComparer.Ordinal)
    {
        "ru", "rs_cyrillic", "be", "bg", "uk", "mn", "abq", "ady", "kbd", "ava", "dar", "inh", "che", "lbe", "lez", "tab", "kk",
        "ky", "tg", "mk", "tt", "cv", "ba", "mhr", "mo", "udm", "kv", "os", "bua", "xal", "tyv", "sah", "kaa",
    };

    private static readonly HashSet<string> Devanagari = new(StringComparer.Ordinal)
    {
        "hi", "mr", "ne", "bh", "mai", "ang", "bho", "mah", "sck", "new", "gom", "sa", "bgc",
    };

    private static readonly HashSet<string> Specific = new(StringComparer.Ordinal) { "ch", "en", "korean", "japan", "chinese_cht", "te", "ka", "ta" };

    private static readonly HashSet<string> V5Languages = new(StringComparer.Ordinal) { "ch", "chinese_cht", "en", "japan", "korean", "th", "el", "te", "ta" };

    /// <summary>The (detection, recognition) model names for <paramref name="lang"/> (default <c>ch</c>) and <paramref name="ocrVersion"/>.</summary>
    /// <exception cref="ArgumentException">Unknown version, or no models for the combination.</exception>
    public static (string Detection, string Recognition) Select(string? lang, string? ocrVersion)
    {
        if (ocrVersion is not null && !Versions.Contains(ocrVersion))
        {
            throw new ArgumentException($"Invalid OCR version '{ocrVersion}'; supported: {string.Join(", ", Versions)}.", nameof(ocrVersion));
        }

        lang ??= "ch";
        if (ocrVersion is null)
        {
            if (V5Languages.Contains(lang) || Latin.Contains(lang) || EastSlavic.Contains(lang) || Arabic.Contains(lang) || Cyrillic.Contains(lang) || Devanagari.Contains(lang))
            {
                ocrVersion = "PP-OCRv5";
            }
            else if (Specific.Contains(lang))
            {
                ocrVersion = "PP-OCRv3";
            }
            else
            {
                throw NoModels(lang, null);
            }
        }

        string? recognition;
        switch (ocrVersion)
        {
            case "PP-OCRv5":
                recognition = lang switch
                {
                    "ch" or "chinese_cht" or "japan" => "PP-OCRv5_server_rec",
                    "en" => "en_PP-OCRv5_mobile_rec",
                    _ when Latin.Contains(lang) => "latin_PP-OCRv5_mobile_rec",
                    _ when EastSlavic.Contains(lang) => "eslav_PP-OCRv5_mobile_rec",
                    _ when Arabic.Contains(lang) => "arabic_PP-OCRv5_mobile_rec",
                    _ when Cyrillic.Contains(lang) => "cyrillic_PP-OCRv5_mobile_rec",
                    _ when Devanagari.Contains(lang) => "devanagari_PP-OCRv5_mobile_rec",
                    "korean" or "th" or "el" or "te" or "ta" => lang + "_PP-OCRv5_mobile_rec",
                    _ => null,
                };
                return recognition is null ? throw NoModels(lang, ocrVersion) : ("PP-OCRv5_server_det", recognition);
            case "PP-OCRv4":
                return lang switch
                {
                    "ch" => ("PP-OCRv4_mobile_det", "PP-OCRv4_mobile_rec"),
                    "en" => ("PP-OCRv4_mobile_det", "en_PP-OCRv4_mobile_rec"),
                    _ => throw NoModels(lang, ocrVersion),
                };
            default:
                var group = Latin.Contains(lang) ? "latin"
                    : Arabic.Contains(lang) ? "arabic"
                    : Cyrillic.Contains(lang) ? "cyrillic"
                    : Devanagari.Contains(lang) ? "devanagari"
                    : Specific.Contains(lang) ? lang
                    : null;
                recognition = group switch
                {
                    null => null,
                    "ch" => "PP-OCRv3_mobile_rec",
                    _ => group + "_PP-OCRv3_mobile_rec",
                };
                return recognition is null ? throw NoModels(lang, ocrVersion) : ("PP-OCRv3_mobile_det", recognition);
        }
    }

    private static ArgumentException NoModels(string lang, string? version) =>
        new($"No models are available for the language '{lang}' and OCR version '{version ?? "(default)"}'.");
}

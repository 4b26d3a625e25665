using PaddleInferenceSharp.Ocr.Models;

namespace PaddleInferenceSharp.Ocr.Tests.Models;

/// <summary>PaddleOCR's choice of models for <c>lang</c> / <c>ocr_version</c>.</summary>
public sealed class OcrModelCatalogTests
{
    [TestCase(null, null, "PP-OCRv5_server_det", "PP-OCRv5_server_rec")]
    [TestCase("en", null, "PP-OCRv5_server_det", "en_PP-OCRv5_mobile_rec")]
    [TestCase("fr", null, "PP-OCRv5_server_det", "latin_PP-OCRv5_mobile_rec")]
    [TestCase("ru", null, "PP-OCRv5_server_det", "eslav_PP-OCRv5_mobile_rec")]
    [TestCase("bg", null, "PP-OCRv5_server_det", "cyrillic_PP-OCRv5_mobile_rec")]
    [TestCase("korean", null, "PP-OCRv5_server_det", "korean_PP-OCRv5_mobile_rec")]
    [TestCase("ka", null, "PP-OCRv3_mobile_det", "ka_PP-OCRv3_mobile_rec")]
    [TestCase("ch", "PP-OCRv4", "PP-OCRv4_mobile_det", "PP-OCRv4_mobile_rec")]
    [TestCase("en", "PP-OCRv4", "PP-OCRv4_mobile_det", "en_PP-OCRv4_mobile_rec")]
    [TestCase("ch", "PP-OCRv3", "PP-OCRv3_mobile_det", "PP-OCRv3_mobile_rec")]
    [TestCase("german", "PP-OCRv3", "PP-OCRv3_mobile_det", "latin_PP-OCRv3_mobile_rec")]
    [TestCase("hi", "PP-OCRv3", "PP-OCRv3_mobile_det", "devanagari_PP-OCRv3_mobile_rec")]
    public void Languages_and_versions_choose_PaddleOCRs_models(string? lang, string? version, string det, string rec) =>
        Assert.That(OcrModelCatalog.Select(lang, version), Is.EqualTo((det, rec)));

    [Test]
    public void Unknown_combinations_are_rejected()
    {
        Assert.That(() => OcrModelCatalog.Select("fr", "PP-OCRv4"), Throws.ArgumentException.With.Message.Contains("'fr'"));
        Assert.That(() => OcrModelCatalog.Select("klingon", null), Throws.ArgumentException.With.Message.Contains("'klingon'"));
        Assert.That(() => OcrModelCatalog.Select("en", "PP-OCRv9"), Throws.ArgumentException.With.Message.Contains("PP-OCRv9"));
    }
}

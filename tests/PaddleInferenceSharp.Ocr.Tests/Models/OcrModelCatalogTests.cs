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

    [Test]
    public void Lang_and_ocr_version_on_the_pipeline_options_choose_the_models_unless_one_is_named()
    {
        var english = new OcrPipelineOptions { Lang = "en", OcrVersion = "PP-OCRv4" };
        Assert.That((english.EffectiveTextDetectionModelName, english.EffectiveTextRecognitionModelName), Is.EqualTo(("PP-OCRv4_mobile_det", "en_PP-OCRv4_mobile_rec")));

        // PaddleOCR's rule: a named detection or recognition model (or directory) turns the choice off for both.
        var named = english with { TextRecognitionModelName = "PP-OCRv4_server_rec" };
        Assert.That((named.EffectiveTextDetectionModelName, named.EffectiveTextRecognitionModelName), Is.EqualTo(("PP-OCRv4_mobile_det", "PP-OCRv4_server_rec")));
        var directory = new OcrPipelineOptions { Lang = "korean", TextDetectionModelDir = "/models/det" };
        Assert.That(directory.EffectiveTextRecognitionModelName, Is.Not.EqualTo("korean_PP-OCRv5_mobile_rec"));

        Assert.That(() => OcrPipeline.Create(new OcrPipelineOptions { Lang = "klingon" }), Throws.ArgumentException.With.Message.Contains("'klingon'"));
    }
}

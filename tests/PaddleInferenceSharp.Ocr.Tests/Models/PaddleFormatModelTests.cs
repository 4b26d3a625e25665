using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Models;

/// <summary>Paddle-format model directories (no ONNX file) through the engine factory's converter.</summary>
public sealed class PaddleFormatModelTests
{
    [Test]
    public void Classic_recognition_directory_without_inference_yml_uses_its_dictionary_file()
    {
        var dir = ModelDirectory.Open(TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec"));
        Assert.That(dir.Config, Is.Null);
        Assert.That(dir.Source.HasOnnx, Is.False);
        using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
        using var recognizer = TextRecognizer.Create(engine, dir, PredictorOptions.Default);
        // ppocr_keys_v1.txt: 6623 characters + blank + space = the model's 6625 classes.
        Assert.That(recognizer.Decoder.ClassCount, Is.EqualTo(6625));
    }

    [Test]
    public void A_dictionary_that_does_not_fit_the_model_is_rejected_naming_both_class_counts()
    {
        var dir = ModelDirectory.Open(TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec"));
        var wrong = TestPaths.RequiredShared("models", "german_mobile_v2.0_rec", "german_dict.txt");
        using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
        var e = Assert.Throws<ModelLoadException>(() =>
            TextRecognizer.Create(engine, dir, PredictorOptions.Default, new TextRecognizerOptions { DictionaryPath = wrong }).Dispose())!;
        // german_dict.txt's characters + blank + space against the model's 6625 classes.
        var classes = File.ReadAllLines(wrong).Length + 2;
        Assert.That(e.Message, Does.Contain(classes.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("6625"));
    }
}

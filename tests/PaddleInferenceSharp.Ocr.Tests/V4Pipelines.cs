using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests;

/// <summary>The pipeline most end-to-end tests use: PP-OCRv4 det + rec ONNX from scripts/setup.sh, no orientation steps.</summary>
internal static class V4Pipelines
{
    public static OcrPipeline Create() => OcrPipeline.Create(Options);

    /// <summary>The PP-OCRv4 det + rec pipeline of scripts/setup.sh, without doc preprocessing or text-line orientation.</summary>
    public static OcrPipelineOptions Options => new()
    {
        UseDocOrientationClassify = false,
        UseDocUnwarping = false,
        UseTextlineOrientation = false,
        TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        TextLineOrientationModelDir = TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"),
    };

    /// <summary>PP-OCRv4 mobile rec often drops the space between words, so text comparisons ignore spaces; every other character must match.</summary>
    public static string[] NoSpaces(IEnumerable<string> texts) => texts.Select(t => t.Replace(" ", "", StringComparison.Ordinal)).ToArray();
}

namespace PaddleInferenceSharp.Ocr;

/// <summary>The OCR modules that run on their own (<see cref="OcrModule"/>), by PaddleOCR's class names.</summary>
public enum OcrModuleKind
{
    /// <summary><c>text_detection</c>: DB text boxes of a page (<c>dt_polys</c>, <c>dt_scores</c>).</summary>
    TextDetection,

    /// <summary><c>text_recognition</c>: the text of a line image (<c>rec_text</c>, <c>rec_score</c>).</summary>
    TextRecognition,

    /// <summary><c>textline_orientation_classification</c> (PaddleX's <c>textline_orientation</c>): a line image upright or turned 180 degrees.</summary>
    TextLineOrientationClassification,

    /// <summary><c>doc_img_orientation_classification</c> (PaddleX's <c>doc_text_orientation</c>): a page turned 0, 90, 180 or 270 degrees.</summary>
    DocImgOrientationClassification,

    /// <summary><c>text_image_unwarping</c> (PaddleX's <c>image_unwarping</c>): a curved or skewed page flattened (<c>doctr_img</c>).</summary>
    TextImageUnwarping,
}

/// <summary>The names of <see cref="OcrModuleKind"/> as the command line spells them, and each module's default model.</summary>
public static class OcrModuleKinds
{
    /// <summary>PaddleOCR's module names (its CLI subcommands), in the order of <see cref="OcrModuleKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["text_detection", "text_recognition", "textline_orientation_classification", "doc_img_orientation_classification", "text_image_unwarping"];

    /// <summary>Parses a module name: PaddleOCR's (<see cref="Names"/>) or PaddleX's (<c>textline_orientation</c>, <c>doc_text_orientation</c>, <c>image_unwarping</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the accepted ones.</exception>
    public static OcrModuleKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "text_detection" => OcrModuleKind.TextDetection,
            "text_recognition" => OcrModuleKind.TextRecognition,
            "textline_orientation_classification" or "textline_orientation" => OcrModuleKind.TextLineOrientationClassification,
            "doc_img_orientation_classification" or "doc_text_orientation" => OcrModuleKind.DocImgOrientationClassification,
            "text_image_unwarping" or "image_unwarping" => OcrModuleKind.TextImageUnwarping,
            _ => throw new ArgumentException($"Unknown module '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>PaddleOCR's name of <paramref name="kind"/>.</summary>
    public static string NameOf(OcrModuleKind kind) => Names[(int)kind];

    /// <summary>
    /// The model a module uses when none is named: for detection, recognition and text-line orientation the
    /// packaged model set's (as <see cref="OcrPipelineOptions"/>), else <c>PP-OCRv4_mobile_det</c>,
    /// <c>PP-OCRv4_mobile_rec</c>, <c>PP-LCNet_x0_25_textline_ori</c>; <c>PP-LCNet_x1_0_doc_ori</c> and <c>UVDoc</c>
    /// for the document modules.
    /// </summary>
    public static string DefaultModelName(OcrModuleKind kind)
    {
        var pipeline = new OcrPipelineOptions();
        return kind switch
        {
            OcrModuleKind.TextDetection => pipeline.EffectiveTextDetectionModelName,
            OcrModuleKind.TextRecognition => pipeline.EffectiveTextRecognitionModelName,
            OcrModuleKind.TextLineOrientationClassification => pipeline.EffectiveTextLineOrientationModelName,
            OcrModuleKind.DocImgOrientationClassification => pipeline.DocOrientationClassifyModelName,
            OcrModuleKind.TextImageUnwarping => pipeline.DocUnwarpingModelName,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}

using System.Globalization;
using System.Text;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr;

public static partial class OcrPipelineConfig
{
    /// <summary>The configuration of <paramref name="options"/> as PaddleX <c>OCR.yaml</c> text.</summary>
    public static string ToYaml(OcrPipelineOptions? options = null)
    {
        options ??= new OcrPipelineOptions();
        var d = options.TextDetection;
        var sb = new StringBuilder();
        sb.Append("pipeline_name: ").Append(PipelineName).Append('\n');
        sb.Append('\n').Append("text_type: general\n");
        sb.Append('\n');
        sb.Append("batch_size: ").Append(options.BatchSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("use_hpip: ").Append(Bool(options.UseHpip)).Append('\n');
        if (options.HpiConfig is { } hpi)
        {
            sb.Append("hpi_config:");
            YamlValue(sb, "  ", hpi);
        }

        sb.Append('\n');
        sb.Append("use_doc_preprocessor: ").Append(Bool(options.UseDocOrientationClassify || options.UseDocUnwarping)).Append('\n');
        sb.Append("use_textline_orientation: ").Append(Bool(options.UseTextlineOrientation)).Append('\n');
        sb.Append('\n');
        sb.Append("SubPipelines:\n");
        sb.Append("  DocPreprocessor:\n");
        sb.Append("    pipeline_name: doc_preprocessor\n");
        sb.Append("    use_doc_orientation_classify: ").Append(Bool(options.UseDocOrientationClassify)).Append('\n');
        sb.Append("    use_doc_unwarping: ").Append(Bool(options.UseDocUnwarping)).Append('\n');
        sb.Append("    SubModules:\n");
        Module(sb, "      ", "DocOrientationClassify", "doc_text_orientation", options.DocOrientationClassifyModelName, options.DocOrientationClassifyModelDir);
        Module(sb, "      ", "DocUnwarping", "image_unwarping", options.DocUnwarpingModelName, options.DocUnwarpingModelDir);
        sb.Append('\n');
        sb.Append("SubModules:\n");
        Module(sb, "  ", "TextDetection", "text_detection", options.EffectiveTextDetectionModelName, options.TextDetectionModelDir);
        sb.Append("    limit_side_len: ").Append(d.LimitSideLen.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("    limit_type: ").Append(LimitTypes.Format(d.LimitType)).Append('\n');
        sb.Append("    max_side_limit: ").Append(d.MaxSideLimit.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("    thresh: ").Append(Results.PythonJson.FormatFloat(d.Thresh)).Append('\n');
        sb.Append("    box_thresh: ").Append(Results.PythonJson.FormatFloat(d.BoxThresh)).Append('\n');
        sb.Append("    unclip_ratio: ").Append(Results.PythonJson.FormatFloat(d.UnclipRatio)).Append('\n');
        Module(sb, "  ", "TextLineOrientation", "textline_orientation", options.EffectiveTextLineOrientationModelName, options.TextLineOrientationModelDir);
        sb.Append("    batch_size: ").Append(options.TextLineOrientationBatchSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Module(sb, "  ", "TextRecognition", "text_recognition", options.EffectiveTextRecognitionModelName, options.TextRecognitionModelDir);
        sb.Append("    batch_size: ").Append(options.TextRecognitionBatchSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("    score_thresh: ").Append(Results.PythonJson.FormatFloat(options.TextRecScoreThresh)).Append('\n');
        sb.Append("    return_word_box: ").Append(Bool(options.ReturnWordBox)).Append('\n');
        if (options.TextRecInputShape is { } recShape)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    input_shape: [3, {recShape.Height}, {recShape.Width}]").Append('\n');
        }

        if (options.TextRecCropPadding != 0)
        {
            // Not a PaddleX key: PaddleInferenceSharp's recognition margin.
            sb.Append("    crop_padding: ").Append(Results.PythonJson.FormatFloat(options.TextRecCropPadding)).Append('\n');
        }

        sb.Append('\n');
        sb.Append("Serving:\n");
        sb.Append("  extra:\n");
        sb.Append("    max_num_input_imgs: ").Append(options.MaxNumInputImgs is { } max ? max.ToString(CultureInfo.InvariantCulture) : "null").Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <c>OCR.yaml</c> into <paramref name="directory"/> (PaddleX's <c>--get_pipeline_config OCR --save_path dir</c>), or to <paramref name="directory"/> itself when it ends in .yaml/.yml.</summary>
    /// <returns>The file written.</returns>
    public static string Save(string directory, OcrPipelineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var file = directory.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || directory.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? directory
            : Path.Combine(directory, PipelineName + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, ToYaml(options), new UTF8Encoding(false));
        return file;
    }

    private static string Bool(bool value) => value ? "True" : "False";

    // Writes an hpi_config value after its "key:": a scalar on the same line, a mapping or list on the lines below.
    private static void YamlValue(StringBuilder sb, string indent, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append(" null\n");
                break;
            case string text:
                sb.Append(' ').Append(YamlString(text)).Append('\n');
                break;
            case bool flag:
                sb.Append(' ').Append(Bool(flag)).Append('\n');
                break;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                sb.Append(' ').Append(double.IsNaN(d) ? ".nan" : double.IsPositiveInfinity(d) ? ".inf" : double.IsNegativeInfinity(d) ? "-.inf" : Results.PythonJson.FormatFloat(d)).Append('\n');
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                sb.Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                break;
            case System.Collections.IDictionary { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case System.Collections.IDictionary map:
                sb.Append('\n');
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    sb.Append(indent).Append(YamlString(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty)).Append(':');
                    YamlValue(sb, indent + "  ", entry.Value);
                }

                break;
            case System.Collections.IEnumerable items:
                var any = false;
                foreach (var item in items)
                {
                    sb.Append(any ? string.Empty : "\n").Append(indent).Append('-');
                    any = true;
                    YamlValue(sb, indent + "  ", item);
                }

                if (!any)
                {
                    sb.Append(" []\n");
                }

                break;
            default:
                throw new ArgumentException($"HpiConfig holds a value of type {value.GetType()}, which a pipeline configuration cannot hold (strings, booleans, numbers, null, mappings and lists).");
        }
    }

    // Plain when YAML reads the text back as the same string; quoted otherwise (numbers, booleans, null, punctuation).
    private static string YamlString(string text) =>
        Reader.IsPlainString(text) ? text : Quote(text);

    private static void Module(StringBuilder sb, string indent, string key, string moduleName, string modelName, string? modelDir)
    {
        sb.Append(indent).Append(key).Append(":\n");
        sb.Append(indent).Append("  module_name: ").Append(moduleName).Append('\n');
        sb.Append(indent).Append("  model_name: ").Append(modelName).Append('\n');
        sb.Append(indent).Append("  model_dir: ").Append(modelDir is null ? "null" : Quote(modelDir)).Append('\n');
    }

    private static string Quote(string value) => "\"" + value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}

using System.Globalization;
using System.Text;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Reads and writes pipeline configurations in PaddleX's <c>OCR.yaml</c> schema: <c>use_doc_preprocessor</c>,
/// <c>use_textline_orientation</c>, <c>SubPipelines.DocPreprocessor</c> (with <c>use_doc_orientation_classify</c>,
/// <c>use_doc_unwarping</c> and its <c>SubModules</c>) and <c>SubModules.TextDetection</c> /
/// <c>TextLineOrientation</c> / <c>TextRecognition</c> with <c>model_name</c>, <c>model_dir</c>, <c>batch_size</c>
/// and module parameters.
/// </summary>
public static class OcrPipelineConfig
{
    /// <summary>The pipeline name PaddleX uses for this schema.</summary>
    public const string PipelineName = "OCR";

    /// <summary>Reads a pipeline configuration file on top of <paramref name="defaults"/>.</summary>
    /// <exception cref="OcrConfigurationException">The file is unreadable, not YAML, or a value has the wrong type.</exception>
    public static OcrPipelineOptions Load(string path, OcrPipelineOptions? defaults = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OcrConfigurationException($"Cannot read pipeline configuration '{path}': {ex.Message}", ex);
        }

        return Parse(text, path, defaults);
    }

    /// <summary>Parses pipeline configuration text on top of <paramref name="defaults"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">A name for error messages (file path).</param>
    /// <param name="defaults">Values for keys the text does not set; PaddleX's defaults when null.</param>
    public static OcrPipelineOptions Parse(string yaml, string source, OcrPipelineOptions? defaults = null)
    {
        var options = defaults ?? new OcrPipelineOptions();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new OcrConfigurationException($"Pipeline configuration '{source}' is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new OcrConfigurationException($"Pipeline configuration '{source}' is empty or not a mapping.");
        }

        var reader = new Reader(source);
        var name = reader.String(root, "pipeline_name");
        if (name is not null && name != PipelineName)
        {
            throw new OcrConfigurationException($"Pipeline configuration '{source}' is for pipeline '{name}'; this pipeline reads '{PipelineName}' configurations.");
        }

        var textType = reader.String(root, "text_type");
        if (textType is not null && textType != "general")
        {
            throw new OcrConfigurationException($"Pipeline configuration '{source}': text_type '{textType}' is not supported (only 'general').");
        }

        var useDocPreprocessor = reader.Bool(root, "use_doc_preprocessor") ?? (options.UseDocOrientationClassify || options.UseDocUnwarping);
        options = options with { UseTextlineOrientation = reader.Bool(root, "use_textline_orientation") ?? options.UseTextlineOrientation };

        var docPre = reader.Map(reader.Map(root, "SubPipelines"), "DocPreprocessor");
        var docModules = reader.Map(docPre, "SubModules");
        var docOri = reader.Map(docModules, "DocOrientationClassify");
        var docUnwarp = reader.Map(docModules, "DocUnwarping");
        options = options with
        {
            UseDocOrientationClassify = useDocPreprocessor && (reader.Bool(docPre, "use_doc_orientation_classify") ?? options.UseDocOrientationClassify),
            UseDocUnwarping = useDocPreprocessor && (reader.Bool(docPre, "use_doc_unwarping") ?? options.UseDocUnwarping),
            DocOrientationClassifyModelName = reader.String(docOri, "model_name") ?? options.DocOrientationClassifyModelName,
            DocOrientationClassifyModelDir = reader.String(docOri, "model_dir") ?? options.DocOrientationClassifyModelDir,
            DocUnwarpingModelName = reader.String(docUnwarp, "model_name") ?? options.DocUnwarpingModelName,
            DocUnwarpingModelDir = reader.String(docUnwarp, "model_dir") ?? options.DocUnwarpingModelDir,
        };

        var modules = reader.Map(root, "SubModules");
        var det = reader.Map(modules, "TextDetection");
        var detection = options.TextDetection with
        {
            LimitSideLen = reader.Int(det, "limit_side_len") ?? options.TextDetection.LimitSideLen,
            LimitType = reader.String(det, "limit_type") is { } type ? reader.LimitType(type) : options.TextDetection.LimitType,
            MaxSideLimit = reader.Int(det, "max_side_limit") ?? options.TextDetection.MaxSideLimit,
            Thresh = reader.Double(det, "thresh") ?? options.TextDetection.Thresh,
            BoxThresh = reader.Double(det, "box_thresh") ?? options.TextDetection.BoxThresh,
            UnclipRatio = reader.Double(det, "unclip_ratio") ?? options.TextDetection.UnclipRatio,
            MaxCandidates = reader.Int(det, "max_candidates") ?? options.TextDetection.MaxCandidates,
            UseDilation = reader.Bool(det, "use_dilation") ?? options.TextDetection.UseDilation,
            ScoreMode = reader.String(det, "score_mode") is { } mode ? reader.ScoreMode(mode) : options.TextDetection.ScoreMode,
            InputShape = reader.Shape(det, "input_shape") ?? options.TextDetection.InputShape,
        };
        try
        {
            detection.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new OcrConfigurationException($"Pipeline configuration '{source}': SubModules.TextDetection: {ex.Message}", ex);
        }

        var textline = reader.Map(modules, "TextLineOrientation");
        var rec = reader.Map(modules, "TextRecognition");
        return options with
        {
            TextDetectionModelName = reader.String(det, "model_name") ?? options.TextDetectionModelName,
            TextDetectionModelDir = reader.String(det, "model_dir") ?? options.TextDetectionModelDir,
            TextDetection = detection,
            TextLineOrientationModelName = reader.String(textline, "model_name") ?? options.TextLineOrientationModelName,
            TextLineOrientationModelDir = reader.String(textline, "model_dir") ?? options.TextLineOrientationModelDir,
            TextLineOrientationBatchSize = reader.Int(textline, "batch_size") ?? options.TextLineOrientationBatchSize,
            TextRecognitionModelName = reader.String(rec, "model_name") ?? options.TextRecognitionModelName,
            TextRecognitionModelDir = reader.String(rec, "model_dir") ?? options.TextRecognitionModelDir,
            TextRecognitionBatchSize = reader.Int(rec, "batch_size") ?? options.TextRecognitionBatchSize,
            TextRecInputShape = reader.Shape(rec, "input_shape") ?? options.TextRecInputShape,
            TextRecScoreThresh = reader.Double(rec, "score_thresh") ?? options.TextRecScoreThresh,
            ReturnWordBox = reader.Bool(rec, "return_word_box") ?? options.ReturnWordBox,
            TextRecCropPadding = reader.Double(rec, "crop_padding") ?? options.TextRecCropPadding,
        };
    }

    /// <summary>The configuration of <paramref name="options"/> as PaddleX <c>OCR.yaml</c> text.</summary>
    public static string ToYaml(OcrPipelineOptions? options = null)
    {
        options ??= new OcrPipelineOptions();
        var d = options.TextDetection;
        var sb = new StringBuilder();
        sb.Append("pipeline_name: ").Append(PipelineName).Append('\n');
        sb.Append('\n').Append("text_type: general\n");
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

    private static void Module(StringBuilder sb, string indent, string key, string moduleName, string modelName, string? modelDir)
    {
        sb.Append(indent).Append(key).Append(":\n");
        sb.Append(indent).Append("  module_name: ").Append(moduleName).Append('\n');
        sb.Append(indent).Append("  model_name: ").Append(modelName).Append('\n');
        sb.Append(indent).Append("  model_dir: ").Append(modelDir is null ? "null" : Quote(modelDir)).Append('\n');
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Typed access to YAML values with errors that name the file, the key and the line.</summary>
    private sealed class Reader(string source)
    {
        public YamlMappingNode? Map(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlMappingNode map => map,
                YamlScalarNode { Value: null or "" or "null" or "~" } => null,
                _ => throw Error(node, key, "a mapping"),
            };
        }

        public string? String(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlScalarNode s when s.Style == ScalarStyle.Plain && s.Value is null or "" or "null" or "Null" or "NULL" or "~" => null,
                YamlScalarNode s => s.Value,
                _ => throw Error(node, key, "a string"),
            };
        }

        public bool? Bool(YamlMappingNode? parent, string key) => String(parent, key) switch
        {
            null => null,
            "True" or "true" or "TRUE" => true,
            "False" or "false" or "FALSE" => false,
            _ => throw Error(Get(parent, key)!, key, "True or False"),
        };

        public int? Int(YamlMappingNode? parent, string key)
        {
            var text = String(parent, key);
            return text is null ? null
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw Error(Get(parent, key)!, key, "an integer");
        }

        public double? Double(YamlMappingNode? parent, string key)
        {
            var text = String(parent, key);
            return text is null ? null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw Error(Get(parent, key)!, key, "a number");
        }

        public (int Height, int Width)? Shape(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            if (node is null || node is YamlScalarNode { Value: null or "" or "null" or "~" })
            {
                return null;
            }

            if (node is YamlSequenceNode { Children.Count: 3 } seq
                && seq.Children.All(c => c is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                var values = seq.Children.Select(c => int.Parse(((YamlScalarNode)c).Value!, CultureInfo.InvariantCulture)).ToArray();
                return (values[1], values[2]);
            }

            throw Error(node, key, "a [C, H, W] list of integers");
        }

        public LimitType LimitType(string value)
        {
            try
            {
                return LimitTypes.Parse(value);
            }
            catch (ArgumentException ex)
            {
                throw new OcrConfigurationException($"Pipeline configuration '{source}': {ex.Message}", ex);
            }
        }

        public Modules.ScoreMode ScoreMode(string value) => value switch
        {
            "fast" => Modules.ScoreMode.Fast,
            "slow" => Modules.ScoreMode.Slow,
            _ => throw new OcrConfigurationException($"Pipeline configuration '{source}': score_mode '{value}' must be 'fast' or 'slow'."),
        };

        private static YamlNode? Get(YamlMappingNode? parent, string key) =>
            parent is not null && parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private OcrConfigurationException Error(YamlNode node, string key, string expected) =>
            new($"Pipeline configuration '{source}', line {node.Start.Line}: '{key}' must be {expected}, not '{node}'.");
    }
}

/// <summary>A pipeline configuration (file or options) is invalid.</summary>
public sealed class OcrConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OcrConfigurationException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

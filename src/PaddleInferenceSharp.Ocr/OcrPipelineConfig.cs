using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Reads and writes pipeline configurations in PaddleX's <c>OCR.yaml</c> schema: <c>batch_size</c>,
/// <c>use_hpip</c>, <c>hpi_config</c>, <c>use_doc_preprocessor</c>, <c>use_textline_orientation</c>,
/// <c>SubPipelines.DocPreprocessor</c> (with <c>use_doc_orientation_classify</c>, <c>use_doc_unwarping</c> and its
/// <c>SubModules</c>), <c>SubModules.TextDetection</c> / <c>TextLineOrientation</c> / <c>TextRecognition</c> with
/// <c>model_name</c>, <c>model_dir</c>, <c>batch_size</c> and module parameters, and
/// <c>Serving.extra.max_num_input_imgs</c>.
/// </summary>
/// <remarks>
/// The schema of PaddleX 3.0 beta (<c>Global: pipeline_name: OCR</c> and <c>Pipeline: text_det_model,
/// text_rec_model, text_det_batch_size, text_rec_batch_size, device</c>, with <c>use_hpip</c>) is read too, with a
/// warning; that pipeline was detection and recognition only, so its files switch the document preprocessor and
/// text-line orientation off. <see cref="ToYaml"/> always writes the current schema.
/// </remarks>
public static partial class OcrPipelineConfig
{
    /// <summary>The pipeline name PaddleX uses for this schema.</summary>
    public const string PipelineName = "OCR";

    /// <summary>Reads a pipeline configuration file on top of <paramref name="defaults"/>.</summary>
    /// <param name="path">The YAML file.</param>
    /// <param name="defaults">Values for keys the file does not set; PaddleX's defaults when null.</param>
    /// <param name="logger">Receives a warning when the file is in PaddleX 3.0 beta's schema.</param>
    /// <exception cref="OcrConfigurationException">The file is unreadable, not YAML, or a value has the wrong type.</exception>
    public static OcrPipelineOptions Load(string path, OcrPipelineOptions? defaults = null, ILogger? logger = null)
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

        return Parse(text, path, defaults, logger);
    }

    /// <summary>Parses pipeline configuration text on top of <paramref name="defaults"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">A name for error messages (file path).</param>
    /// <param name="defaults">Values for keys the text does not set; PaddleX's defaults when null.</param>
    /// <param name="logger">Receives a warning when the text is in PaddleX 3.0 beta's schema.</param>
    /// <exception cref="OcrConfigurationException">The text is not YAML, or a value has the wrong type or range.</exception>
    public static OcrPipelineOptions Parse(string yaml, string source, OcrPipelineOptions? defaults = null, ILogger? logger = null)
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
        if (reader.Has(root, "Global") || reader.Has(root, "Pipeline"))
        {
            if (reader.Has(root, "pipeline_name") || reader.Has(root, "SubModules"))
            {
                throw new OcrConfigurationException($"Pipeline configuration '{source}' mixes PaddleX 3.0 beta's schema (Global, Pipeline) with the current one (pipeline_name, SubModules); use one of them.");
            }

            return ParseBeta(root, reader, source, options, logger);
        }

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
        var serving = reader.Map(reader.Map(root, "Serving"), "extra");
        options = options with
        {
            UseTextlineOrientation = reader.Bool(root, "use_textline_orientation") ?? options.UseTextlineOrientation,
            BatchSize = reader.PositiveInt(root, "batch_size") ?? options.BatchSize,
            UseHpip = reader.Bool(root, "use_hpip") ?? options.UseHpip,
            HpiConfig = reader.Has(root, "hpi_config") ? reader.Mapping(root, "hpi_config") : options.HpiConfig,
            // max_num_input_imgs: null lifts the limit (PaddleX's serving documentation); a missing key keeps it.
            MaxNumInputImgs = reader.Has(serving, "max_num_input_imgs") ? reader.PositiveInt(serving, "max_num_input_imgs") : options.MaxNumInputImgs,
        };

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

    // PaddleX 3.0 beta's OCR.yaml (paddlex/pipelines/OCR.yaml of release/3.0-beta1): Global.pipeline_name and
    // Global.input, and Pipeline's keys, which were OCRPipeline's constructor arguments (an unknown one failed).
    private static readonly string[] BetaPipelineKeys = ["text_det_model", "text_rec_model", "text_det_batch_size", "text_rec_batch_size", "device", "use_hpip", "hpi_params"];

    private static OcrPipelineOptions ParseBeta(YamlMappingNode root, Reader reader, string source, OcrPipelineOptions options, ILogger? logger)
    {
        var global = reader.Map(root, "Global");
        var name = reader.String(global, "pipeline_name");
        if (name != PipelineName)
        {
            throw new OcrConfigurationException(name is null
                ? $"Pipeline configuration '{source}' has no Global.pipeline_name; PaddleX 3.0 beta's schema names the pipeline there ({PipelineName})."
                : $"Pipeline configuration '{source}' is for pipeline '{name}'; this pipeline reads '{PipelineName}' configurations.");
        }

        var pipeline = reader.Map(root, "Pipeline")
            ?? throw new OcrConfigurationException($"Pipeline configuration '{source}' has Global but no Pipeline section (PaddleX 3.0 beta's schema: Pipeline: text_det_model, text_rec_model, ...).");
        foreach (var key in pipeline.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } k } || Array.IndexOf(BetaPipelineKeys, k) < 0)
            {
                throw new OcrConfigurationException($"Pipeline configuration '{source}', line {key.Start.Line}: unknown key 'Pipeline.{key}'; PaddleX 3.0 beta's OCR pipeline takes {string.Join(", ", BetaPipelineKeys)}.");
            }
        }

        logger?.LogWarning(
            "Pipeline configuration '{Source}' is in PaddleX 3.0 beta's schema (Global, Pipeline: text_det_model, text_rec_model, ...): read as the current OCR.yaml schema with detection and recognition only (no document preprocessor, no text-line orientation). paddlex-sharp --get_pipeline_config OCR writes the current schema.",
            source);
        var textDetBatch = reader.PositiveInt(pipeline, "text_det_batch_size");
        if (textDetBatch > 1)
        {
            // As PaddleX 3.0 beta: detection takes one image at a time whatever this says.
            logger?.LogWarning("Pipeline configuration '{Source}': text_det_batch_size {BatchSize} is not used; text detection runs one image at a time.", source, textDetBatch);
        }

        if (reader.Has(pipeline, "hpi_params"))
        {
            logger?.LogWarning("Pipeline configuration '{Source}': Pipeline.hpi_params (PaddleX 3.0 beta's high-performance inference licence settings) is not read.", source);
        }

        var (detName, detDir) = BetaModel(reader.String(pipeline, "text_det_model"));
        var (recName, recDir) = BetaModel(reader.String(pipeline, "text_rec_model"));
        var device = options.Device;
        if (reader.String(pipeline, "device") is { } deviceText)
        {
            try
            {
                device = InferenceDevice.Parse(deviceText);
            }
            catch (ArgumentException ex)
            {
                throw new OcrConfigurationException($"Pipeline configuration '{source}': Pipeline.device: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
            }
        }

        return options with
        {
            UseDocOrientationClassify = false,
            UseDocUnwarping = false,
            UseTextlineOrientation = false,
            TextDetectionModelName = detName ?? options.TextDetectionModelName,
            TextDetectionModelDir = detDir ?? options.TextDetectionModelDir,
            TextRecognitionModelName = recName ?? options.TextRecognitionModelName,
            TextRecognitionModelDir = recDir ?? options.TextRecognitionModelDir,
            // PaddleX 3.0 beta's default recognition batch size was 1.
            TextRecognitionBatchSize = reader.PositiveInt(pipeline, "text_rec_batch_size") ?? 1,
            Device = device,
            UseHpip = reader.Bool(pipeline, "use_hpip") ?? options.UseHpip,
        };
    }

    // PaddleX 3.0 beta took a model name or a model directory in the same key: a path that exists is a directory.
    private static (string? Name, string? Directory) BetaModel(string? value) =>
        value is null ? (null, null)
        : Directory.Exists(value) || value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) ? (null, value)
        : (value, null);

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

    /// <summary>Typed access to YAML values with errors that name the file, the key and the line.</summary>
    private sealed partial class Reader(string source)
    {
        public bool Has(YamlMappingNode? parent, string key) => Get(parent, key) is not null;

        public int? PositiveInt(YamlMappingNode? parent, string key) => Int(parent, key) switch
        {
            null => null,
            > 0 and var n => n,
            _ => throw Error(Get(parent, key)!, key, "a positive integer"),
        };

        /// <summary>A mapping as data (hpi_config): scalars typed as PaddleX's YAML loader (PyYAML) types them.</summary>
        public IReadOnlyDictionary<string, object?>? Mapping(YamlMappingNode parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlScalarNode s when IsNull(s) => null,
                YamlMappingNode map => ToDictionary(map),
                _ => throw Error(node, key, "a mapping"),
            };
        }

        /// <summary>True when <paramref name="text"/> written unquoted reads back as that string.</summary>
        public static bool IsPlainString(string text) =>
            PlainWord().IsMatch(text) && Scalar(text) is string;

        private IReadOnlyDictionary<string, object?> ToDictionary(YamlMappingNode map)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                if (key is not YamlScalarNode { Value: { } name })
                {
                    throw new OcrConfigurationException($"Pipeline configuration '{source}', line {key.Start.Line}: mapping keys must be strings, not '{key}'.");
                }

                values[name] = Value(value);
            }

            return values.AsReadOnly();
        }

        private object? Value(YamlNode node) => node switch
        {
            YamlMappingNode map => ToDictionary(map),
            YamlSequenceNode seq => seq.Children.Select(Value).ToList().AsReadOnly(),
            YamlScalarNode { Style: ScalarStyle.Plain } s => Scalar(s.Value ?? string.Empty),
            YamlScalarNode s => s.Value ?? string.Empty,
            _ => node.ToString(),
        };

        private static bool IsNull(YamlScalarNode s) => s.Style == ScalarStyle.Plain && s.Value is null or "" or "null" or "Null" or "NULL" or "~";

        // PyYAML's (YAML 1.1) resolution of plain scalars: null, booleans (also yes/no/on/off), decimal integers,
        // floats with a dot (1e5 without one stays a string), .inf and .nan; anything else is a string.
        private static object? Scalar(string text)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                    return true;
                case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                    return false;
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                    return double.PositiveInfinity;
                case "-.inf" or "-.Inf" or "-.INF":
                    return double.NegativeInfinity;
                case ".nan" or ".NaN" or ".NAN":
                    return double.NaN;
            }

            var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
            if (DecimalInteger().IsMatch(text) && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            if (DotFloat().IsMatch(text) && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return real;
            }

            return text;
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
        private static partial System.Text.RegularExpressions.Regex DecimalInteger();

        [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$")]
        private static partial System.Text.RegularExpressions.Regex DotFloat();

        [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-/]*$")]
        private static partial System.Text.RegularExpressions.Regex PlainWord();

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

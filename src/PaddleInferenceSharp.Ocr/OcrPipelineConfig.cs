using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// Reads and writes pipeline configurations in PaddleX's <c>OCR.yaml</c> schema: <c>batch_size</c>,
/// <c>use_hpip</c>, <c>hpi_config</c>, <c>use_doc_preprocessor</c>, <c>use_textline_orientation</c>,
/// <c>SubPipelines.DocPreprocessor</c> (with <c>use_doc_orientation_classify</c>, <c>use_doc_unwarping</c> and its
/// <c>SubModules</c>), <c>SubModules.TextDetection</c> / <c>TextLineOrientation</c> / <c>TextRecognition</c> with
/// <c>model_name</c>, <c>model_dir</c>, <c>batch_size</c> and module parameters, and
/// <c>Serving.extra.max_num_input_imgs</c>. The file's values become an <see cref="OcrPipelineOptions"/>, the
/// options object a pipeline is built from.
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

        return ParseCurrent(root, reader, source, options);
    }
}

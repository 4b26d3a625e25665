using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

public static partial class OcrPipelineConfig
{
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
}

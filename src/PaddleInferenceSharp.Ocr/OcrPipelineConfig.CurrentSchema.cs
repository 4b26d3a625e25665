using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

public static partial class OcrPipelineConfig
{
    // The current OCR.yaml schema: pipeline_name, the top-level flags, SubPipelines, SubModules and Serving.
    private static OcrPipelineOptions ParseCurrent(YamlMappingNode root, Reader reader, string source, OcrPipelineOptions options)
    {
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
}

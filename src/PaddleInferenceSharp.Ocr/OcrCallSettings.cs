using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr;

/// <summary>The settings one <see cref="OcrPipeline"/> call runs with: its <see cref="OcrPredictOptions"/> over the pipeline's <see cref="OcrPipelineOptions"/>.</summary>
internal readonly record struct OcrCallSettings(
    bool UseDocOrientation,
    bool UseDocUnwarping,
    bool UseDocPreprocessor,
    bool UseTextlineOrientation,
    TextDetectorOptions Detection,
    double RecScoreThresh,
    double CropPadding,
    bool ReturnWordBox)
{
    /// <summary>Each value of <paramref name="options"/> that is set, else the pipeline's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A detection value is out of range, or the crop padding is negative.</exception>
    public static OcrCallSettings Merge(OcrPredictOptions options, OcrPipelineOptions pipeline)
    {
        // PaddleX's get_model_settings: the preprocessor runs if either of its flags is on (or, if neither is given, by default).
        var useDocPreprocessor = options.UseDocOrientationClassify is null && options.UseDocUnwarping is null
            ? pipeline.UseDocOrientationClassify || pipeline.UseDocUnwarping
            : options.UseDocOrientationClassify == true || options.UseDocUnwarping == true;
        var detection = pipeline.TextDetection with
        {
            LimitSideLen = options.TextDetLimitSideLen ?? pipeline.TextDetection.LimitSideLen,
            LimitType = options.TextDetLimitType ?? pipeline.TextDetection.LimitType,
            MaxSideLimit = options.TextDetMaxSideLimit ?? pipeline.TextDetection.MaxSideLimit,
            Thresh = options.TextDetThresh ?? pipeline.TextDetection.Thresh,
            BoxThresh = options.TextDetBoxThresh ?? pipeline.TextDetection.BoxThresh,
            UnclipRatio = options.TextDetUnclipRatio ?? pipeline.TextDetection.UnclipRatio,
        };
        detection.Validate();
        var cropPadding = options.TextRecCropPadding ?? pipeline.TextRecCropPadding;
        if (cropPadding < 0 || double.IsNaN(cropPadding))
        {
            throw new ArgumentOutOfRangeException(nameof(options), cropPadding, "text_rec_crop_padding must not be negative.");
        }

        return new OcrCallSettings(
            options.UseDocOrientationClassify ?? pipeline.UseDocOrientationClassify,
            options.UseDocUnwarping ?? pipeline.UseDocUnwarping,
            useDocPreprocessor,
            options.UseTextlineOrientation ?? pipeline.UseTextlineOrientation,
            detection,
            options.TextRecScoreThresh ?? pipeline.TextRecScoreThresh,
            cropPadding,
            options.ReturnWordBox ?? pipeline.ReturnWordBox);
    }
}

using System.Globalization;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>How DB scores a candidate box (PaddleX's <c>score_mode</c>).</summary>
public enum ScoreMode
{
    /// <summary><c>fast</c>: mean probability inside the candidate's minimum-area rectangle.</summary>
    Fast,
    /// <summary><c>slow</c>: mean probability inside the contour polygon itself.</summary>
    Slow,
}

/// <summary>
/// Text detection settings with PaddleX's OCR pipeline defaults: <c>limit_side_len</c> 960, <c>limit_type</c> max,
/// <c>max_side_limit</c> 4000, <c>thresh</c> 0.3, <c>box_thresh</c> 0.6, <c>unclip_ratio</c> 2.0.
/// </summary>
public sealed record TextDetectorOptions
{
    /// <summary>The side length limit (<c>text_det_limit_side_len</c>).</summary>
    public int LimitSideLen { get; init; } = 960;

    /// <summary>How the limit applies (<c>text_det_limit_type</c>).</summary>
    public LimitType LimitType { get; init; } = LimitType.Max;

    /// <summary>Hard cap on the longer resized side (<c>text_det_max_side_limit</c>).</summary>
    public int MaxSideLimit { get; init; } = 4000;

    /// <summary>Probability above which a pixel is text (<c>text_det_thresh</c>).</summary>
    public double Thresh { get; init; } = 0.3;

    /// <summary>Minimum mean probability of a kept box (<c>text_det_box_thresh</c>).</summary>
    public double BoxThresh { get; init; } = 0.6;

    /// <summary>How far boxes are expanded: distance = area x ratio / perimeter (<c>text_det_unclip_ratio</c>).</summary>
    public double UnclipRatio { get; init; } = 2.0;

    /// <summary>At most this many contours are examined (<c>max_candidates</c>).</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Dilate the binary map with a 2x2 kernel before finding contours (<c>use_dilation</c>).</summary>
    public bool UseDilation { get; init; }

    /// <summary>Box scoring (<c>score_mode</c>).</summary>
    public ScoreMode ScoreMode { get; init; } = ScoreMode.Fast;

    /// <summary>A fixed network input [C, H, W] instead of limit-based resizing (<c>input_shape</c>), or null.</summary>
    public (int Height, int Width)? InputShape { get; init; }

    // PaddleX's text detection module limits these models' longer side (limit_type max); others their shorter side (min).
    private static readonly HashSet<string> MaxLimitModels = new(StringComparer.Ordinal)
    {
        "PP-OCRv5_server_det", "PP-OCRv5_mobile_det", "PP-OCRv4_server_det", "PP-OCRv4_mobile_det", "PP-OCRv3_server_det", "PP-OCRv3_mobile_det",
    };

    /// <summary>
    /// The defaults of PaddleX's text detection module (<c>create_model</c>) for a model: <c>limit_side_len</c> from
    /// <c>DetResizeForTest.resize_long</c> (else 960 for PP-OCRv3/v4/v5 det, 736 for others), <c>limit_type</c> from
    /// it (else max for those models, min for others), and <c>thresh</c>, <c>box_thresh</c>, <c>unclip_ratio</c>,
    /// <c>max_candidates</c>, <c>use_dilation</c>, <c>score_mode</c> from <c>PostProcess</c>.
    /// </summary>
    /// <exception cref="ModelLoadException">The configuration asks for polygon boxes (<c>box_type: poly</c>) or holds a value that does not parse.</exception>
    internal static TextDetectorOptions ModuleDefaults(ModelConfig? config, string modelName)
    {
        var maxLimit = MaxLimitModels.Contains(modelName);
        var resize = config?.FindPreProcess("DetResizeForTest");
        var post = config?.PostProcess;
        var boxType = ModelConfig.GetScalar(post, "box_type") ?? "quad";
        if (boxType != "quad")
        {
            throw new ModelLoadException($"Text detection model '{modelName}' asks for box_type '{boxType}' in '{config!.Path}'; only quadrilateral boxes (quad) are supported.", config.Path);
        }

        var scoreMode = ModelConfig.GetScalar(post, "score_mode") ?? "fast";
        return new TextDetectorOptions
        {
            LimitSideLen = Number(config, resize, "resize_long", int.Parse) ?? (maxLimit ? 960 : 736),
            LimitType = ModelConfig.GetScalar(resize, "limit_type") is { } type ? LimitTypes.Parse(type) : maxLimit ? LimitType.Max : LimitType.Min,
            Thresh = Number(config, post, "thresh", double.Parse) ?? 0.3,
            BoxThresh = Number(config, post, "box_thresh", double.Parse) ?? 0.6,
            UnclipRatio = Number(config, post, "unclip_ratio", double.Parse) ?? 2.0,
            MaxCandidates = Number(config, post, "max_candidates", int.Parse) ?? 1000,
            UseDilation = ModelConfig.GetScalar(post, "use_dilation") is { } dilation && (dilation.Equals("true", StringComparison.OrdinalIgnoreCase) || dilation == "1"),
            ScoreMode = scoreMode == "slow" ? ScoreMode.Slow : ScoreMode.Fast,
        };
    }

    private static T? Number<T>(ModelConfig? config, YamlDotNet.RepresentationModel.YamlMappingNode? map, string key, Func<string, IFormatProvider, T> parse)
        where T : struct
    {
        if (ModelConfig.GetScalar(map, key) is not { } text)
        {
            return null;
        }

        try
        {
            return parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw new ModelLoadException($"Model configuration '{config!.Path}': {key} '{text}' is not a number.", config.Path, ex);
        }
    }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (LimitSideLen <= 0) throw new ArgumentOutOfRangeException(nameof(LimitSideLen), LimitSideLen, "text_det_limit_side_len must be positive.");
        if (MaxSideLimit <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSideLimit), MaxSideLimit, "text_det_max_side_limit must be positive.");
        if (Thresh is < 0 or > 1 || double.IsNaN(Thresh)) throw new ArgumentOutOfRangeException(nameof(Thresh), Thresh, "text_det_thresh must be in [0, 1].");
        if (BoxThresh is < 0 or > 1 || double.IsNaN(BoxThresh)) throw new ArgumentOutOfRangeException(nameof(BoxThresh), BoxThresh, "text_det_box_thresh must be in [0, 1].");
        if (UnclipRatio <= 0 || double.IsNaN(UnclipRatio)) throw new ArgumentOutOfRangeException(nameof(UnclipRatio), UnclipRatio, "text_det_unclip_ratio must be positive.");
        if (MaxCandidates <= 0) throw new ArgumentOutOfRangeException(nameof(MaxCandidates), MaxCandidates, "max_candidates must be positive.");
    }
}

using System.Globalization;
using Microsoft.Extensions.Configuration;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>
/// Reads <see cref="OcrServiceOptions"/> from a configuration section whose keys are PaddleX's parameter names
/// (<c>use_doc_unwarping</c>, <c>text_det_limit_side_len</c>, ...; the C# names such as <c>UseDocUnwarping</c> work
/// too: case and underscores are ignored).
/// </summary>
public static class OcrServiceConfiguration
{
    private delegate OcrServiceOptions Setter(OcrServiceOptions o, string value);

    // Field order matters: BuildSetters fills PaddleXNames, and Keys reads both.
    private static readonly Dictionary<string, string> PaddleXNames = new();
    private static readonly Dictionary<string, Setter> Setters = BuildSetters();

    /// <summary>The keys accepted, in PaddleX's spelling.</summary>
    public static IReadOnlyCollection<string> Keys { get; } = [.. Setters.Keys.Select(k => PaddleXNames[k])];

    /// <summary>Applies every key of <paramref name="section"/> to <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">An unknown key, or a value that does not parse; the message names the key and the value.</exception>
    public static OcrServiceOptions Bind(IConfiguration section, OcrServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        options ??= new OcrServiceOptions();
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null)
            {
                throw new InvalidOperationException($"PaddleOcr configuration key '{Path(child)}' has no value (sections are not accepted); expected one of: {string.Join(", ", Keys.Order())}.");
            }

            if (!Setters.TryGetValue(Normalize(child.Key), out var setter))
            {
                throw new InvalidOperationException($"Unknown PaddleOcr configuration key '{Path(child)}'; expected one of: {string.Join(", ", Keys.Order())}.");
            }

            try
            {
                options = setter(options, child.Value.Trim());
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new InvalidOperationException($"PaddleOcr configuration key '{Path(child)}' has the invalid value '{child.Value}': {ex.Message}", ex);
            }
        }

        options.Pipeline.TextDetection.Validate();
        return options;
    }

    private static string Path(IConfigurationSection section) => section.Path;

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Dictionary<string, Setter> BuildSetters()
    {
        var setters = new Dictionary<string, Setter>();
        void Add(string paddleXName, Setter setter)
        {
            setters[Normalize(paddleXName)] = setter;
            PaddleXNames[Normalize(paddleXName)] = paddleXName;
        }

        Add("use_doc_orientation_classify", (o, v) => o with { Pipeline = o.Pipeline with { UseDocOrientationClassify = Bool(v) } });
        Add("use_doc_unwarping", (o, v) => o with { Pipeline = o.Pipeline with { UseDocUnwarping = Bool(v) } });
        Add("use_textline_orientation", (o, v) => o with { Pipeline = o.Pipeline with { UseTextlineOrientation = Bool(v) } });
        Add("doc_orientation_classify_model_name", (o, v) => o with { Pipeline = o.Pipeline with { DocOrientationClassifyModelName = v } });
        Add("doc_orientation_classify_model_dir", (o, v) => o with { Pipeline = o.Pipeline with { DocOrientationClassifyModelDir = v } });
        Add("doc_unwarping_model_name", (o, v) => o with { Pipeline = o.Pipeline with { DocUnwarpingModelName = v } });
        Add("doc_unwarping_model_dir", (o, v) => o with { Pipeline = o.Pipeline with { DocUnwarpingModelDir = v } });
        Add("text_detection_model_name", (o, v) => o with { Pipeline = o.Pipeline with { TextDetectionModelName = v } });
        Add("text_detection_model_dir", (o, v) => o with { Pipeline = o.Pipeline with { TextDetectionModelDir = v } });
        Add("textline_orientation_model_name", (o, v) => o with { Pipeline = o.Pipeline with { TextLineOrientationModelName = v } });
        Add("textline_orientation_model_dir", (o, v) => o with { Pipeline = o.Pipeline with { TextLineOrientationModelDir = v } });
        Add("textline_orientation_batch_size", (o, v) => o with { Pipeline = o.Pipeline with { TextLineOrientationBatchSize = Positive(v) } });
        Add("text_recognition_model_name", (o, v) => o with { Pipeline = o.Pipeline with { TextRecognitionModelName = v } });
        Add("text_recognition_model_dir", (o, v) => o with { Pipeline = o.Pipeline with { TextRecognitionModelDir = v } });
        Add("text_recognition_batch_size", (o, v) => o with { Pipeline = o.Pipeline with { TextRecognitionBatchSize = Positive(v) } });
        Add("text_det_limit_side_len", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { LimitSideLen = Positive(v) } } });
        Add("text_det_limit_type", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { LimitType = LimitTypes.Parse(v) } } });
        Add("text_det_max_side_limit", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { MaxSideLimit = Positive(v) } } });
        Add("text_det_thresh", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { Thresh = Double(v) } } });
        Add("text_det_box_thresh", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { BoxThresh = Double(v) } } });
        Add("text_det_unclip_ratio", (o, v) => o with { Pipeline = o.Pipeline with { TextDetection = o.Pipeline.TextDetection with { UnclipRatio = Double(v) } } });
        Add("text_rec_score_thresh", (o, v) => o with { Pipeline = o.Pipeline with { TextRecScoreThresh = Double(v) } });
        Add("return_word_box", (o, v) => o with { Pipeline = o.Pipeline with { ReturnWordBox = Bool(v) } });
        Add("engine", (o, v) => o with { Pipeline = o.Pipeline with { Engine = InferenceEngines.Parse(v) } });
        Add("device", (o, v) => InferenceDevice.ParseList(v) is var devices && devices.Count == 1
            ? o with { Pipeline = o.Pipeline with { Device = devices[0] }, Devices = [] }
            : o with { Pipeline = o.Pipeline with { Device = devices[0] }, Devices = devices });
        Add("optimize_onnx_graphs", (o, v) => o with { Pipeline = o.Pipeline with { OptimizeOnnxGraphs = Bool(v) } });
        Add("enable_mkldnn", (o, v) => o with { Pipeline = o.Pipeline with { EnableMkldnn = Bool(v) } });
        Add("mkldnn_cache_capacity", (o, v) => o with { Pipeline = o.Pipeline with { MkldnnCacheCapacity = NonNegative(v) } });
        Add("precision", (o, v) => o with { Pipeline = o.Pipeline with { Precision = InferencePrecisions.Parse(v) } });
        Add("use_tensorrt", (o, v) => o with { Pipeline = o.Pipeline with { UseTensorRt = Bool(v) } });
        Add("lang", (o, v) => o with { Pipeline = o.Pipeline with { Lang = v } });
        Add("ocr_version", (o, v) => o with { Pipeline = o.Pipeline with { OcrVersion = v } });
        Add("model_cache_dir", (o, v) => o with { Pipeline = o.Pipeline with { ModelCacheDir = v } });
        // Offline mode (the CLI's --offline): no model is downloaded; PADDLEINFERENCESHARP_OFFLINE=1 forces it whatever this says.
        Add("offline", (o, v) => o with { Pipeline = o.Pipeline with { AllowModelDownload = !Bool(v) } });
        Add("retain_images", (o, v) => o with { Pipeline = o.Pipeline with { RetainImages = Bool(v) } });
        Add("workers", (o, v) => o with { Workers = NonNegative(v) });
        Add("threads", (o, v) => o with { Threads = NonNegative(v) });
        Add("cpu_threads", (o, v) => o with { Threads = NonNegative(v) });
        Add("queue_size", (o, v) => o with { QueueCapacity = Positive(v) });
        Add("queue_capacity", (o, v) => o with { QueueCapacity = Positive(v) });
        return setters;
    }

    private static bool Bool(string v) => v.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException("expected True or False"),
    };

    private static double Double(string v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int NonNegative(string v) => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Positive(string v) => NonNegative(v) is > 0 and var n ? n : throw new ArgumentException("expected a positive integer");
}

using System.Text.Json.Nodes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>Which optional stages ran (PaddleX's <c>model_settings</c>).</summary>
/// <param name="UseDocPreprocessor">Whether document orientation classification and/or unwarping ran.</param>
/// <param name="UseTextlineOrientation">Whether text-line orientation classification ran.</param>
public sealed record OcrModelSettings(bool UseDocPreprocessor, bool UseTextlineOrientation);

/// <summary>The detection parameters a result was produced with (PaddleX's <c>text_det_params</c>).</summary>
/// <param name="LimitSideLen">Side length limit.</param>
/// <param name="LimitType">How the limit applies: <c>max</c>, <c>min</c> or <c>resize_long</c>.</param>
/// <param name="Thresh">Pixel threshold of the probability map.</param>
/// <param name="MaxSideLimit">Hard cap on the longer resized side.</param>
/// <param name="BoxThresh">Minimum mean probability of a box.</param>
/// <param name="UnclipRatio">Box expansion ratio.</param>
public sealed record TextDetParams(int LimitSideLen, string LimitType, double Thresh, int MaxSideLimit, double BoxThresh, double UnclipRatio);

/// <summary>The result of the OCR pipeline for one image or PDF page, with PaddleX's fields.</summary>
public sealed record OcrResult
{
    /// <summary>The input file, or null for in-memory input (<c>input_path</c>).</summary>
    public string? InputPath { get; init; }

    /// <summary>The PDF page (0-based), or null for images (<c>page_index</c>).</summary>
    public int? PageIndex { get; init; }

    /// <summary>Which optional stages ran (<c>model_settings</c>).</summary>
    public required OcrModelSettings ModelSettings { get; init; }

    /// <summary>What the document preprocessor did, or null when it did not run (<c>doc_preprocessor_res</c>).</summary>
    public Modules.DocPreprocessing? DocPreprocessorRes { get; init; }

    /// <summary>Detected text polygons in reading order (<c>dt_polys</c>).</summary>
    public required IReadOnlyList<Quad> DtPolys { get; init; }

    /// <summary>Detection scores, parallel to <see cref="DtPolys"/>.</summary>
    /// <remarks>
    /// Not in <see cref="ToJson"/>, <see cref="SaveToJson"/> or the serving answers, as in PaddleX 3.0: its OCR
    /// pipeline reads the detector's <c>dt_scores</c> and keeps only <c>dt_polys</c>, so neither its result JSON nor
    /// <c>prunedResult</c> has them (the <c>score</c> of its older serving answers is <c>rec_score</c>). PaddleX
    /// writes <c>dt_scores</c> only in the text detection module's own result.
    /// </remarks>
    public required IReadOnlyList<float> DtScores { get; init; }

    /// <summary>The detection parameters used (<c>text_det_params</c>).</summary>
    public required TextDetParams TextDetParams { get; init; }

    /// <summary>Always <c>general</c> for this pipeline (<c>text_type</c>).</summary>
    public string TextType { get; init; } = "general";

    /// <summary>Per box: 0 or 1 (180 degrees) when text-line orientation ran, else -1; null when nothing was detected (<c>textline_orientation_angles</c>).</summary>
    public IReadOnlyList<int>? TextlineOrientationAngles { get; init; }

    /// <summary>The recognition score threshold used (<c>text_rec_score_thresh</c>).</summary>
    public required double TextRecScoreThresh { get; init; }

    /// <summary>Recognised texts that passed the threshold (<c>rec_texts</c>).</summary>
    public required IReadOnlyList<string> RecTexts { get; init; }

    /// <summary>Their scores (<c>rec_scores</c>).</summary>
    public required IReadOnlyList<float> RecScores { get; init; }

    /// <summary>Their polygons (<c>rec_polys</c>).</summary>
    public required IReadOnlyList<Quad> RecPolys { get; init; }

    /// <summary>Per kept line, its words (CJK characters one by one), when word boxes were asked for (<c>text_word</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? TextWord { get; init; }

    /// <summary>Per kept line, the word boxes, when word boxes were asked for (<c>text_word_region</c>).</summary>
    public IReadOnlyList<IReadOnlyList<Quad>>? TextWordRegion { get; init; }

    /// <summary>
    /// The pages kept for visualization, or null when the pipeline ran with
    /// <see cref="OcrPipelineOptions.RetainImages"/> off. Shared by copies made with <c>with</c>.
    /// </summary>
    public OcrResultImages? Images { get; init; }

    /// <summary>Axis-aligned boxes of <see cref="RecPolys"/>: x_min, y_min, x_max, y_max (<c>rec_boxes</c>).</summary>
    public IReadOnlyList<(int XMin, int YMin, int XMax, int YMax)> RecBoxes => RecPolys.Select(p => p.Bounds()).ToArray();

    /// <summary>The recognised lines, one object per line (a view of PaddleX's parallel <c>rec_*</c> arrays), in their order.</summary>
    public IReadOnlyList<OcrLine> Lines
    {
        get
        {
            var lines = new OcrLine[RecTexts.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = new OcrLine(RecTexts[i], RecScores[i], RecPolys[i], RecPolys[i].Bounds());
            }

            return lines;
        }
    }

    /// <summary>The result as PaddleX's <c>save_to_json</c> writes it (without the outer <c>res</c> key).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["input_path"] = InputPath,
            ["page_index"] = PageIndex,
            ["model_settings"] = new JsonObject
            {
                ["use_doc_preprocessor"] = ModelSettings.UseDocPreprocessor,
                ["use_textline_orientation"] = ModelSettings.UseTextlineOrientation,
            },
        };
        if (DocPreprocessorRes is { } doc)
        {
            // The OCR pipeline hands the preprocessor decoded arrays, so its own input_path and page_index are null.
            json["doc_preprocessor_res"] = new JsonObject
            {
                ["input_path"] = null,
                ["page_index"] = null,
                ["model_settings"] = new JsonObject
                {
                    ["use_doc_orientation_classify"] = doc.UseDocOrientationClassify,
                    ["use_doc_unwarping"] = doc.UseDocUnwarping,
                },
                ["angle"] = doc.Angle,
            };
        }

        json["dt_polys"] = Polys(DtPolys);
        json["text_det_params"] = new JsonObject
        {
            ["limit_side_len"] = TextDetParams.LimitSideLen,
            ["limit_type"] = TextDetParams.LimitType,
            ["thresh"] = TextDetParams.Thresh,
            ["max_side_limit"] = TextDetParams.MaxSideLimit,
            ["box_thresh"] = TextDetParams.BoxThresh,
            ["unclip_ratio"] = TextDetParams.UnclipRatio,
        };
        json["text_type"] = TextType;

        if (TextlineOrientationAngles is not null)
        {
            json["textline_orientation_angles"] = new JsonArray(TextlineOrientationAngles.Select(a => (JsonNode?)a).ToArray());
        }

        json["text_rec_score_thresh"] = TextRecScoreThresh;
        json["rec_texts"] = new JsonArray(RecTexts.Select(t => (JsonNode?)t).ToArray());
        json["rec_scores"] = new JsonArray(RecScores.Select(s => (JsonNode?)(double)s).ToArray());
        json["rec_polys"] = Polys(RecPolys);
        json["rec_boxes"] = Boxes(RecPolys);
        if (TextWord is not null && TextWordRegion is not null)
        {
            json["text_word"] = new JsonArray(TextWord.Select(line => (JsonNode?)new JsonArray(line.Select(w => (JsonNode?)w).ToArray())).ToArray());
            json["text_word_region"] = new JsonArray(TextWordRegion.Select(line => (JsonNode?)Polys(line)).ToArray());
            json["text_word_boxes"] = new JsonArray(TextWordRegion.Select(line => (JsonNode?)Boxes(line)).ToArray());
        }

        return json;
    }

    /// <summary>The result as text, like PaddleX's <c>res.print(format_json=True, indent, ensure_ascii)</c>: wrapped in <c>{"res": ...}</c>.</summary>
    public string ToJsonString(int? indent = 4, bool ensureAscii = false) =>
        PythonJson.Serialize(new JsonObject { ["res"] = ToJson() }, indent, ensureAscii);

    /// <summary>Prints the result like PaddleX's <c>res.print()</c>: <c>{"res": {...}}</c>, indented JSON or one line.</summary>
    /// <param name="writer">Where to print; the console when null.</param>
    /// <param name="formatJson">Indented (true) or single-line (false) JSON.</param>
    /// <param name="indent">Spaces per level when indented.</param>
    /// <param name="ensureAscii">Escape non-ASCII characters.</param>
    public void Print(TextWriter? writer = null, bool formatJson = true, int indent = 4, bool ensureAscii = false) =>
        (writer ?? Console.Out).WriteLine(ToJsonString(formatJson ? indent : null, ensureAscii));

    /// <summary>Writes the result to a JSON file as PaddleX's <c>save_to_json</c>.</summary>
    /// <param name="path">A <c>.json</c> file, or a directory that receives <c>&lt;input stem&gt;_res.json</c>.</param>
    /// <param name="indent">Spaces per level (PaddleX: 4).</param>
    /// <param name="ensureAscii">Escape non-ASCII characters (PaddleX: false).</param>
    /// <returns>The file written.</returns>
    public string SaveToJson(string path, int indent = 4, bool ensureAscii = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ResultFiles.WriteJson(path, OutputStem(), ToJson(), indent, ensureAscii);
    }

    /// <summary>PaddleX's key of the OCR visualization (<c>ocr_res_img</c>).</summary>
    public const string OcrImageKey = "ocr_res_img";

    /// <summary>PaddleX's key of the document preprocessor visualization (<c>preprocessed_img</c>).</summary>
    public const string DocPreprocessorImageKey = "preprocessed_img";

    /// <summary>
    /// Draws the result images as PaddleX's <c>res.img</c>: <see cref="OcrImageKey"/> always and
    /// <see cref="DocPreprocessorImageKey"/> when the document preprocessor ran. The caller disposes the images.
    /// </summary>
    /// <param name="fontPath">The font to draw texts with (<c>file</c> or <c>file.ttc:index</c>); found by <see cref="FontLocator"/> when null.</param>
    /// <exception cref="InvalidOperationException">The result holds no images (<see cref="OcrPipelineOptions.RetainImages"/> was off).</exception>
    /// <exception cref="FontNotFoundException">No CJK-capable font is installed or configured.</exception>
    public IReadOnlyDictionary<string, BgrImage> RenderImages(string? fontPath = null)
    {
        var images = Images ?? throw new InvalidOperationException(
            $"The result of '{InputPath ?? "in-memory input"}' holds no page image: the pipeline ran with RetainImages off.");
        var location = FontLocator.Locate(fontPath);
        using var font = FontFace.Open(location.Path, location.FaceIndex);
        var rendered = new Dictionary<string, BgrImage>(StringComparer.Ordinal);
        try
        {
            rendered[OcrImageKey] = OcrResultRenderer.Render(images.Page, RecPolys, RecTexts, font);
            if (ModelSettings.UseDocPreprocessor && DocPreprocessorRes is { } doc && images.DocInput is { } input)
            {
                rendered[DocPreprocessorImageKey] = DocPreprocessorRenderer.Render(input, images.DocRotated ?? input, images.Page, doc, font);
            }
        }
        catch
        {
            foreach (var image in rendered.Values)
            {
                image.Dispose();
            }

            throw;
        }

        return rendered;
    }

    /// <summary>
    /// Saves the result images as PaddleX's <c>save_to_img</c>: into a directory as
    /// <c>&lt;stem&gt;_ocr_res_img.&lt;ext&gt;</c> (and <c>&lt;stem&gt;_preprocessed_img.&lt;ext&gt;</c> when the document
    /// preprocessor ran), where the extension is the input's when it is <c>.png</c> or <c>.jpg</c>/<c>.jpeg</c> and
    /// <c>.png</c> otherwise (PaddleX keeps other image extensions too; only PNG and JPEG are written here); or, when
    /// <paramref name="path"/> is a <c>.png</c>/<c>.jpg</c> file, the OCR image alone to that file.
    /// </summary>
    /// <param name="path">A directory, or an image file name.</param>
    /// <param name="fontPath">The font to draw texts with; found by <see cref="FontLocator"/> when null.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="InvalidOperationException">The result holds no images (<see cref="OcrPipelineOptions.RetainImages"/> was off).</exception>
    /// <exception cref="FontNotFoundException">No CJK-capable font is installed or configured.</exception>
    public IReadOnlyList<string> SaveToImg(string path, string? fontPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rendered = RenderImages(fontPath);
        try
        {
            if (ResultFiles.IsImageFile(path))
            {
                ResultFiles.CreateParent(path);
                ImageEncoder.Save(rendered[OcrImageKey], path);
                return [path];
            }

            var extension = ResultFiles.ImageExtension(InputPath);
            Directory.CreateDirectory(path);
            var written = new List<string>();
            foreach (var key in new[] { OcrImageKey, DocPreprocessorImageKey })
            {
                if (rendered.TryGetValue(key, out var image))
                {
                    var file = Path.Combine(path, $"{OutputStem()}_{key}{extension}");
                    ImageEncoder.Save(image, file);
                    written.Add(file);
                }
            }

            return written;
        }
        finally
        {
            foreach (var image in rendered.Values)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>The stem PaddleX names output files with: the input file's stem, plus <c>_&lt;page&gt;</c> for PDF pages.</summary>
    public string OutputStem() => ResultFiles.Stem(InputPath, PageIndex);

    private static JsonArray Boxes(IReadOnlyList<Quad> polys) =>
        new(polys.Select(p => p.Bounds()).Select(b => (JsonNode?)new JsonArray(b.XMin, b.YMin, b.XMax, b.YMax)).ToArray());

    /// <summary>Polygons as PaddleX writes them: <c>[[[x, y], ...4 corners], ...]</c>.</summary>
    internal static JsonArray Polys(IReadOnlyList<Quad> polys) =>
        new(polys.Select(q => (JsonNode?)new JsonArray(
            new JsonArray(q.P0.X, q.P0.Y), new JsonArray(q.P1.X, q.P1.Y),
            new JsonArray(q.P2.X, q.P2.Y), new JsonArray(q.P3.X, q.P3.Y))).ToArray());
}

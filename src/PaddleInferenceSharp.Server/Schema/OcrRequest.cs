using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>The body of PaddleX's <c>POST /ocr</c> (<c>paddlex/inference/serving/schemas/ocr.py</c>), camelCase.</summary>
/// <remarks>
/// The detection and recognition parameters are accepted at the top level (PaddleX 3) and inside
/// <c>inferenceParams</c> (earlier versions); a top-level value wins. <c>inferenceParams.maxLongSide</c> limits the
/// longer side for detection (<c>textDetLimitSideLen</c> with <c>textDetLimitType</c> <c>max</c>). The old
/// <c>image</c> field is read as <c>file</c>. Unknown fields are ignored, as pydantic does.
/// </remarks>
public sealed record OcrRequest
{
    private const string BadTextHint = "JSON text must be UTF-8, and a \\u escape of a UTF-16 surrogate (\\ud800-\\udfff) must be a high one followed by a low one.";

    private string? _file;

    /// <summary>An empty request; set <see cref="File"/>.</summary>
    public OcrRequest()
    {
    }

    // File is computed from FileUtf8 here, which the compiler cannot see.
#pragma warning disable CS8618
    [SetsRequiredMembers]
    private OcrRequest(ReadOnlyMemory<byte> fileUtf8) => FileUtf8 = fileUtf8;
#pragma warning restore CS8618

    /// <summary><c>file</c>: Base64 of an image or PDF, or an http(s) URL.</summary>
    /// <remarks>
    /// After <see cref="Parse"/> the text is made from the body only when this property is read (a Base64 image is
    /// decoded straight from the body's UTF-8 instead).
    /// </remarks>
    public required string File
    {
        get => _file ??= Encoding.UTF8.GetString(FileUtf8.Span);
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _file = value;
            FileUtf8 = Encoding.UTF8.GetBytes(value);
        }
    }

    /// <summary><see cref="File"/> as UTF-8: after <see cref="Parse"/>, a view of the body when the value has no JSON escapes.</summary>
    internal ReadOnlyMemory<byte> FileUtf8 { get; private init; }

    /// <summary><c>fileType</c>: <see cref="FileKind.Pdf"/> (0), <see cref="FileKind.Image"/> (1), or null to infer it.</summary>
    public FileKind? FileType { get; init; }

    /// <summary><c>visualize</c>: return result images; null uses the server's setting.</summary>
    public bool? Visualize { get; init; }

    /// <summary>The pipeline overrides: <c>useDocOrientationClassify</c>, <c>useDocUnwarping</c>, <c>useTextlineOrientation</c>, <c>textDet*</c>, <c>textRecScoreThresh</c>.</summary>
    public OcrPredictOptions PredictOptions { get; init; } = new();

    /// <summary>
    /// The PaddleX version whose request fields these are, as far as they tell: <see cref="PaddleXServingSchema.Beta"/>
    /// for the old <c>image</c> field, <see cref="PaddleXServingSchema.BetaPages"/> for <c>file</c> with
    /// <c>inferenceParams.maxLongSide</c>, otherwise <see cref="PaddleXServingSchema.Current"/>.
    /// </summary>
    internal PaddleXServingSchema Schema { get; private init; } = PaddleXServingSchema.Current;

    /// <summary>Whether <see cref="File"/> is an http(s) URL (PaddleX's <c>is_url</c>).</summary>
    public bool IsUrl => StartsWithHttpScheme(FileUtf8.Span) && IsHttpUrl(File);

    /// <summary>Reads and validates a request body.</summary>
    /// <param name="body">The UTF-8 JSON body. The request may keep a view of it for <see cref="File"/>: leave it unchanged while the request is used.</param>
    /// <exception cref="ApiException">422: the JSON is malformed, a field is missing or has the wrong type or range.</exception>
    public static OcrRequest Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ParseDocument(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            // What System.Text.Json finds wrong with the text while it is parsed or read (the strings are checked
            // before they are read, so reading should not fail; if it does, it is still the body's fault).
            throw new ApiException(422, $"The request body is not valid JSON: {ex.Message}", ex);
        }
    }

    private static OcrRequest ParseDocument(ReadOnlyMemory<byte> body)
    {
        using (var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 }))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ApiException(422, $"The request body must be a JSON object, not {Describe(root.ValueKind)}.");
            }

            CheckText(root, string.Empty);

            var fromImageField = Optional(root, "file") is null && Optional(root, "image") is not null;
            var file = Optional(root, "file") ?? Optional(root, "image");
            if (file is not { } fileElement || fileElement.ValueKind == JsonValueKind.Null)
            {
                throw new ApiException(422, "Field 'file' is required: the Base64 of an image or PDF file, or its URL.");
            }

            if (fileElement.ValueKind != JsonValueKind.String)
            {
                throw new ApiException(422, $"Field 'file' must be a string (Base64 or URL), not {Describe(fileElement.ValueKind)}.");
            }

            var nested = Optional(root, "inferenceParams");
            if (nested is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
            {
                throw new ApiException(422, $"Field 'inferenceParams' must be an object, not {Describe(nested.Value.ValueKind)}.");
            }

            var inner = nested is { ValueKind: JsonValueKind.Object } n ? n : (JsonElement?)null;
            int? Int(string name) => ReadInt(root, name) ?? (inner is { } i ? ReadInt(i, name, "inferenceParams.") : null);
            double? Double(string name) => ReadDouble(root, name) ?? (inner is { } i ? ReadDouble(i, name, "inferenceParams.") : null);

            var maxLongSide = inner is { } p ? ReadInt(p, "maxLongSide", "inferenceParams.") : null;
            var limitSideLen = Int("textDetLimitSideLen") ?? maxLongSide;
            var limitType = ReadString(root, "textDetLimitType") ?? (inner is { } q ? ReadString(q, "textDetLimitType", "inferenceParams.") : null);
            LimitType? parsedLimitType = null;
            if (limitType is not null)
            {
                try
                {
                    parsedLimitType = LimitTypes.Parse(limitType);
                }
                catch (ArgumentException)
                {
                    throw new ApiException(422, $"Field 'textDetLimitType' must be 'min', 'max' or 'resize_long', not '{Excerpt(limitType)}'.");
                }
            }
            else if (maxLongSide is not null && Int("textDetLimitSideLen") is null)
            {
                parsedLimitType = LimitType.Max;
            }

            var options = new OcrPredictOptions
            {
                UseDocOrientationClassify = ReadBool(root, "useDocOrientationClassify"),
                UseDocUnwarping = ReadBool(root, "useDocUnwarping"),
                // PaddleX 3.0 spelled it useTextlineOrientation; an earlier schema used useTextLineOrientation.
                UseTextlineOrientation = ReadBool(root, "useTextlineOrientation") ?? ReadBool(root, "useTextLineOrientation"),
                TextDetLimitSideLen = limitSideLen,
                TextDetLimitType = parsedLimitType,
                TextDetThresh = Double("textDetThresh"),
                TextDetBoxThresh = Double("textDetBoxThresh"),
                TextDetUnclipRatio = Double("textDetUnclipRatio"),
                TextRecScoreThresh = Double("textRecScoreThresh"),
            };
            Validate(options);

            return new OcrRequest(StringValueUtf8(body, fileElement))
            {
                FileType = ReadFileType(root),
                Visualize = ReadBool(root, "visualize"),
                PredictOptions = options,
                // Only PaddleX 3.0 beta sent 'image'; maxLongSide beside 'file' only its paged successor.
                Schema = fromImageField ? PaddleXServingSchema.Beta
                    : maxLongSide is not null ? PaddleXServingSchema.BetaPages
                    : PaddleXServingSchema.Current,
            };
        }
    }

    // The string's UTF-8 without a copy when the JSON holds it unescaped (Base64 always is, unless a client escapes '/'
    // as PHP's json_encode does); otherwise its unescaped text.
    private static ReadOnlyMemory<byte> StringValueUtf8(ReadOnlyMemory<byte> body, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw.IndexOf((byte)'\\') < 0 && body.Span.Overlaps(raw, out var offset))
        {
            return body.Slice(offset + 1, raw.Length - 2);
        }

        return Encoding.UTF8.GetBytes(value.GetString()!);
    }

    // Refuses a string or property name anywhere in the body whose text cannot be read (bytes that are not UTF-8, a
    // lone UTF-16 surrogate such as \ud800), unknown fields included: looking a field up compares the names of all.
    private static void CheckText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (!JsonStringText.IsWellFormed(raw[1..^1]))
                {
                    throw new ApiException(422, $"Field '{path}' is not valid text: {BadTextHint}");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (!JsonStringText.IsWellFormed(name))
                    {
                        var where = path.Length == 0 ? "the request" : $"'{path}'";
                        throw new ApiException(422, $"A field name in {where} (\"{Excerpt(Encoding.UTF8.GetString(name))}\") is not valid text: {BadTextHint}");
                    }

                    CheckText(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckText(item, $"{path}[{index++}]");
                }

                break;
        }
    }

    // A value echoed in a message: its start, so that a misplaced Base64 file does not fill the answer and the log.
    private static string Excerpt(string text)
    {
        const int Length = 64;
        return text.Length <= Length ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[Length - 1]) ? Length - 1 : Length), "...");
    }

    private static bool StartsWithHttpScheme(ReadOnlySpan<byte> text) =>
        (text.Length >= 7 && Ascii.EqualsIgnoreCase(text[..7], "http://"u8)) || (text.Length >= 8 && Ascii.EqualsIgnoreCase(text[..8], "https://"u8));

    /// <summary>PaddleX's <c>is_url</c>: an absolute http or https URL with a host.</summary>
    internal static bool IsHttpUrl(string value) =>
        (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host);

    private static void Validate(OcrPredictOptions o)
    {
        if (o.TextDetLimitSideLen is <= 0)
        {
            throw new ApiException(422, $"Field 'textDetLimitSideLen' must be a positive integer, not {o.TextDetLimitSideLen}.");
        }

        CheckUnit("textDetThresh", o.TextDetThresh);
        CheckUnit("textDetBoxThresh", o.TextDetBoxThresh);
        CheckUnit("textRecScoreThresh", o.TextRecScoreThresh);
        if (o.TextDetUnclipRatio is { } ratio && !(ratio > 0))
        {
            throw new ApiException(422, $"Field 'textDetUnclipRatio' must be positive, not {Format(ratio)}.");
        }
    }

    private static void CheckUnit(string name, double? value)
    {
        if (value is { } v && !(v >= 0 && v <= 1))
        {
            throw new ApiException(422, $"Field '{name}' must be between 0 and 1, not {Format(v)}.");
        }
    }

    private static FileKind? ReadFileType(JsonElement root)
    {
        if (Optional(root, "fileType") is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value) && value is 0 or 1)
        {
            return (FileKind)value;
        }

        throw new ApiException(422, $"Field 'fileType' must be 0 (PDF), 1 (image) or null (inferred), not {Excerpt(e.GetRawText())}.");
    }

    private static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value : null;

    private static bool? ReadBool(JsonElement obj, string name)
    {
        if (Optional(obj, name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ApiException(422, $"Field '{name}' must be true, false or null, not {Excerpt(e.GetRawText())}."),
        };
    }

    private static int? ReadInt(JsonElement obj, string name, string prefix = "")
    {
        if (Optional(obj, name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value))
        {
            return value;
        }

        throw new ApiException(422, $"Field '{prefix}{name}' must be an integer, not {Excerpt(e.GetRawText())}.");
    }

    private static double? ReadDouble(JsonElement obj, string name, string prefix = "")
    {
        if (Optional(obj, name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new ApiException(422, $"Field '{prefix}{name}' must be a number, not {Excerpt(e.GetRawText())}.");
    }

    private static string? ReadString(JsonElement obj, string name, string prefix = "")
    {
        if (Optional(obj, name) is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.String
            ? e.GetString()
            : throw new ApiException(422, $"Field '{prefix}{name}' must be a string, not {Excerpt(e.GetRawText())}.");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// Mutated requests against a real server on 127.0.0.1: none is answered 500 and every answer is PaddleX's envelope.
/// </summary>
/// <remarks>
/// The requests start from valid ones (every field of the schema, the older <c>image</c> and <c>inferenceParams</c>
/// forms, a URL) whose <c>file</c> is a 24 x 24 white PNG or not an image at all, so that the few mutants that stay
/// valid are recognised in milliseconds. The mutations: bytes flipped, overwritten, inserted, deleted, repeated and
/// cut; values replaced at every field by each kind of JSON value (lone UTF-16 surrogates escaped and as raw bytes
/// that are not UTF-8, NULs, overlong and 400-digit numbers, deep nesting); field names broken the same ways;
/// duplicate, removed and unknown fields; a root that is not an object. The seed is fixed: every run sends the same
/// requests, and a failure names the request's mutations and bytes.
/// </remarks>
[TestFixture]
public sealed class OcrEndpointFuzzTests
{
    private const int Cases = 5000;
    private const int Seed = 18;

    // Base64 of "hello": a file the server refuses once the request is read (its type cannot be determined).
    private const string NotAnImage = "aGVsbG8=";

    // Every field of PaddleX's OCR request that the server reads, and where it sits.
    private static readonly string[] TopLevelFields =
    [
        "file", "image", "fileType", "visualize", "useDocOrientationClassify", "useDocUnwarping", "useTextlineOrientation",
        "useTextLineOrientation", "textDetLimitSideLen", "textDetLimitType", "textDetThresh", "textDetBoxThresh",
        "textDetUnclipRatio", "textRecScoreThresh", "inferenceParams",
    ];

    private static readonly string[] InferenceParamsFields =
    [
        "maxLongSide", "textDetLimitSideLen", "textDetLimitType", "textDetThresh", "textDetBoxThresh", "textDetUnclipRatio", "textRecScoreThresh",
    ];

    // The test machine has no document-preprocessing models and the server may not download them: a valid image with
    // one of these true fails in the pipeline (500, "Inference failed: Model ... was not found"), which is a server
    // without those models, not a malformed request. Requests for an image leave them out.
    private static readonly string[] DocumentPreprocessingFields = ["useDocOrientationClassify", "useDocUnwarping"];

    // JSON values of every kind, well and badly formed, put in place of a field's value.
    private static readonly byte[][] Values =
    [
        .. new[]
        {
            "null", "true", "false", "0", "-0", "1", "-1", "0.5", "1.5", "1E2", "2147483648", "-2147483649",
            "1e999999", "-1e999999", "1e-999999", "0." + new string('0', 400) + "1", new string('7', 400), "-" + new string('9', 400),
            "\"\"", "\"1\"", "\"max\"", "\"min\"", "\"aGVsbG8=\"", "\"https://example.com/a.png\"", "\"data:image/png;base64,\"",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\ud800b\"", "\"\\ud800\\n\"", "\"\\ud83d\\ude00\"",
            "\"\\u0000\"", "\"a\\u0000b\"", "\"\\\\\\\"\\/\"",
            "[]", "[1,\"a\",null,{}]", "[\"\\ud800\"]", "{}", "{\"file\":\"aGVsbG8=\"}", "{\"\\ud800\":1}",
            new string('[', 15) + new string(']', 15), new string('[', 17) + new string(']', 17),
            string.Concat(Enumerable.Repeat("{\"a\":", 20)) + "1" + new string('}', 20), new string('[', 5000),
            "NaN", "Infinity", "+1", ".5", "01", "0x10", "'max'", "tru", "nul", "\"unterminated",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'],
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        [(byte)'"', (byte)'a', 0xED, 0xB0, 0x80, (byte)'"'],
        [(byte)'"', 0xC0, 0x80, (byte)'"'],
        [(byte)'"', 0xE2, 0x82, (byte)'"'],
        [(byte)'"', 0x80, (byte)'"'],
        [(byte)'"', 0x00, (byte)'"'],
    ];

    // Text put into a string or a field name: escaped and raw surrogates, NULs, bytes that are not UTF-8, escapes.
    private static readonly byte[][] Insertions =
    [
        .. new[] { "\\ud800", "\\udc00", "\\ud800\\ud800", "\\udbff", "\\u0000", "\\ud83d\\ude00", "\\\\", "\\\"", "\\/", "\\n", "\\u00e9", "\\u", "\\x" }.Select(Encoding.UTF8.GetBytes),
        [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF],
        [0xFF],
        [0xFE, 0xFF],
        [0xC0, 0x80],
        [0xE2, 0x82],
        [0x80],
        [0x00],
        [0xEF, 0xBB, 0xBF],
    ];

    // Bytes written over or into the body: JSON's structural characters and the bytes above.
    private static readonly byte[] InterestingBytes = [.. "{}[]\",:\\0-+.eE9 tfn"u8, 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xF5, 0xFF];

    private OcrServer _server = null!;
    private HttpClient _client = null!;
    private string _png = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServers.StartAsync(new OcrServerOptions
        {
            Pipeline = TestServers.Pipeline(),
            Workers = 1,
            MaxRequestBodyBytes = 256 * 1024,
        });
        _client = TestServers.Client(_server);
        using var image = BgrImage.Create(24, 24);
        image.Pixels.Fill(255);
        using var png = new MemoryStream();
        PngEncoder.Encode(image, png);
        _png = Convert.ToBase64String(png.ToArray());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Mutated_requests_never_answer_500_and_always_answer_the_envelope()
    {
        var random = new Random(Seed);
        var statuses = new SortedDictionary<int, int>();
        var messages = new List<string>();
        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();

        // Each kind of value at every field, then random mutations of the valid requests.
        foreach (var (parent, field) in TopLevelFields.Select(f => ((string?)null, f)).Concat(InferenceParamsFields.Select(f => ((string?)"inferenceParams", f))))
        {
            foreach (var value in Values)
            {
                var request = DocumentPreprocessingFields.Contains(field) ? FullRequest(NotAnImage) : FullRequest(_png);
                var target = parent is null ? request : (Obj)request.Find(parent)!;
                target.Members.RemoveAll(m => m.Key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(field)));
                target.Members.Add(Member(field, new Raw(value)));
                await SendAsync(request.ToBytes(), $"{parent}{(parent is null ? string.Empty : ".")}{field} = {Show(value)}");
            }
        }

        Assert.That(sent, Is.EqualTo((TopLevelFields.Length + InferenceParamsFields.Length) * Values.Length));
        while (sent < Cases)
        {
            var (name, valid) = ValidRequest(random);
            Node request = valid;
            var log = new StringBuilder(name);
            var treeMutations = random.Next(3);
            var byteMutations = treeMutations == 0 ? 1 + random.Next(2) : random.Next(2);
            for (var i = 0; i < treeMutations; i++)
            {
                if (request is Obj tree)
                {
                    request = MutateTree(random, tree, log);
                }
            }

            var body = request.ToBytes();
            for (var i = 0; i < byteMutations; i++)
            {
                body = MutateBytes(random, body, log);
            }

            await SendAsync(body, log.ToString());
        }

        // The server still serves.
        var (finalStatus, finalBody, _) = await TestServers.PostAsync(_client, Encoding.UTF8.GetString(FullRequest(_png).ToBytes()));
        Assert.That(finalStatus, Is.EqualTo(200), finalBody.ToJsonString());

        TestContext.Out.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key} x {s.Value}"))}");
        Assert.That(failures, Is.Empty, $"{failures.Count} bad answers; the first:\n" + string.Join("\n", failures.Take(10)));
        Assert.Multiple(() =>
        {
            // The mutants reach every stage: some still recognise, and the parser refuses bad syntax and bad text.
            Assert.That(statuses.Keys, Does.Contain(200).And.Contain(422));
            Assert.That(messages, Has.Some.Contains("not valid JSON"));
            Assert.That(messages, Has.Some.StartsWith("Field 'file' is not valid text"));
            Assert.That(messages, Has.Some.StartsWith("Field 'inferenceParams.textDetLimitType' is not valid text"));
            Assert.That(messages, Has.Some.StartsWith("A field name in the request"));
            Assert.That(messages, Has.Some.Contains("must be an integer"));
        });

        async Task SendAsync(byte[] body, string description)
        {
            sent++;
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _client.PostAsync("/ocr", content);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var answer = await response.Content.ReadAsByteArrayAsync();
            if (CheckEnvelope(status, response.Content.Headers.ContentType?.MediaType, answer, out var message) is { } problem)
            {
                failures.Add($"case {sent} ({description}): {problem}\n  request: {Show(body)}\n  answer {status}: {Show(answer)}");
            }
            else if (message is not null)
            {
                messages.Add(message);
            }
        }
    }

    // Null when the answer is PaddleX's envelope for its status: 200 with a result, or a 4xx error without one.
    private static string? CheckEnvelope(int status, string? mediaType, byte[] answer, out string? errorMsg)
    {
        errorMsg = null;
        if (status is not (200 or (>= 400 and < 500)))
        {
            return $"status {status}";
        }

        if (mediaType != "application/json")
        {
            return $"Content-Type {mediaType}";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException ex)
        {
            return "the answer is not JSON: " + ex.Message;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("logId", out var logId) || logId.ValueKind != JsonValueKind.String || !Guid.TryParse(logId.GetString(), out _)
                || !root.TryGetProperty("errorCode", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out var errorCode)
                || !root.TryGetProperty("errorMsg", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return "no logId (UUID), errorCode (integer) and errorMsg (string)";
            }

            var hasResult = root.TryGetProperty("result", out var result);
            if (status == 200)
            {
                // One page: in ocrResults, or (an 'image' request, PaddleX 3.0 beta's shape) the result's own texts.
                return errorCode == 0 && message.GetString() == "Success" && hasResult && result.ValueKind == JsonValueKind.Object
                    && ((result.TryGetProperty("ocrResults", out var pages) && pages.ValueKind == JsonValueKind.Array && pages.GetArrayLength() == 1)
                        || (result.TryGetProperty("texts", out var texts) && texts.ValueKind == JsonValueKind.Array))
                    ? null
                    : "a 200 answer without errorCode 0, errorMsg 'Success' and a result with one page";
            }

            errorMsg = message.GetString();
            return errorCode == status && !hasResult && errorMsg!.Length > 0 ? null : "an error answer whose errorCode is not its status, or with a result or no message";
        }
    }

    // A request with every field, top level and in inferenceParams, each with a valid value (the document
    // preprocessing switches only when the file is not an image).
    private static Obj FullRequest(string file) => new(
    [
        Member("file", Str(file)),
        Member("fileType", Literal("1")),
        Member("visualize", Literal("false")),
        .. DocumentPreprocessingFields.Where(_ => file == NotAnImage).Select(f => Member(f, Literal("false"))),
        Member("useTextlineOrientation", Literal("false")),
        Member("textDetLimitSideLen", Literal("32")),
        Member("textDetLimitType", Str("max")),
        Member("textDetThresh", Literal("0.3")),
        Member("textDetBoxThresh", Literal("0.6")),
        Member("textDetUnclipRatio", Literal("1.5")),
        Member("textRecScoreThresh", Literal("0")),
        Member("inferenceParams", new Obj(
        [
            Member("maxLongSide", Literal("32")),
            Member("textDetLimitSideLen", Literal("32")),
            Member("textDetLimitType", Str("max")),
            Member("textDetThresh", Literal("0.3")),
            Member("textDetBoxThresh", Literal("0.6")),
            Member("textDetUnclipRatio", Literal("2.0")),
            Member("textRecScoreThresh", Literal("0.5")),
        ])),
    ]);

    private (string Name, Obj Request) ValidRequest(Random random) => random.Next(6) switch
    {
        0 => ("full, PNG", FullRequest(_png)),
        1 => ("full, not an image", FullRequest(NotAnImage)),
        2 => ("image + inferenceParams, PNG", new Obj([Member("image", Str(_png)), Member("inferenceParams", new Obj([Member("maxLongSide", Literal("32"))]))])),
        3 => ("file + fileType, PNG", new Obj([Member("file", Str(_png)), Member("fileType", Literal("1")), Member("visualize", Literal("true"))])),
        4 => ("data URL", new Obj([Member("file", Str("data:image/png;base64," + _png))])),
        _ => ("URL", new Obj([Member("file", Str("https://example.com/a.png")), Member("fileType", Literal("1"))])),
    };

    // Mutates a field of the request or of its inferenceParams, or replaces the whole request.
    private static Node MutateTree(Random random, Obj request, StringBuilder log)
    {
        var (target, path) = random.Next(4) == 0 && request.Find("inferenceParams") is Obj nested ? (nested, "inferenceParams.") : (request, string.Empty);
        var members = target.Members;
        var index = members.Count == 0 ? -1 : random.Next(members.Count);
        var key = index < 0 ? "(none)" : path + Show(members[index].Key);
        switch (random.Next(8))
        {
            case 0 when index >= 0:
                var value = Pick(random, Values);
                members[index] = (members[index].Key, new Raw(value));
                log.Append($"; {key} = {Show(value)}");
                break;
            case 1 when index >= 0:
                // Duplicate keys: JsonDocument answers the last; either order must be answered.
                var duplicate = Pick(random, Values);
                members.Insert(random.Next(2) == 0 ? index : index + 1, (members[index].Key, new Raw(duplicate)));
                log.Append($"; duplicate {key} = {Show(duplicate)}");
                break;
            case 2 when index >= 0:
                var name = members[index].Key;
                var insertion = Pick(random, Insertions);
                var at = random.Next(name.Length + 1);
                members[index] = ([.. name.AsSpan(0, at), .. insertion, .. name.AsSpan(at)], members[index].Value);
                log.Append($"; name of {key} = {Show(members[index].Key)}");
                break;
            case 3 when index >= 0 && members[index].Value is Raw { Text: [(byte)'"', ..] } text:
                var into = Pick(random, Insertions);
                var position = 1 + random.Next(text.Text.Length - 1);
                members[index] = (members[index].Key, new Raw([.. text.Text.AsSpan(0, position), .. into, .. text.Text.AsSpan(position)]));
                log.Append($"; {Show(into)} into {key} at {position}");
                break;
            case 4 when index >= 0:
                var depth = Pick(random, new[] { 14, 15, 16, 17, 100, 5000 });
                var arrays = random.Next(2) == 0;
                var inner = members[index].Value.ToBytes();
                var open = arrays ? "["u8.ToArray() : "{\"a\":"u8.ToArray();
                var close = (byte)(arrays ? ']' : '}');
                members[index] = (members[index].Key, new Raw([.. Enumerable.Repeat(open, depth).SelectMany(b => b), .. inner, .. Enumerable.Repeat(close, depth)]));
                log.Append($"; {key} nested {depth} deep in {(arrays ? "arrays" : "objects")}");
                break;
            case 5 when index >= 0:
                members.RemoveAt(index);
                log.Append($"; {key} removed");
                break;
            case 6:
                var unknown = Pick(random, Values);
                members.Insert(index < 0 ? 0 : index, Member("unknownField", new Raw(unknown)));
                log.Append($"; {path}unknownField = {Show(unknown)}");
                break;
            default:
                var root = Pick(random, Values);
                log.Append($"; root = {Show(root)}");
                return new Raw(root);
        }

        return request;
    }

    private static byte[] MutateBytes(Random random, byte[] body, StringBuilder log)
    {
        var at = random.Next(body.Length + 1);
        var within = Math.Min(at, body.Length - 1);
        switch (random.Next(6))
        {
            case 0 when body.Length > 0:
                var bit = random.Next(8);
                body = [.. body];
                body[within] ^= (byte)(1 << bit);
                log.Append($"; bit {bit} of byte {within} flipped");
                return body;
            case 1 when body.Length > 0:
                var value = random.Next(2) == 0 ? Pick(random, InterestingBytes) : (byte)random.Next(256);
                body = [.. body];
                body[within] = value;
                log.Append($"; byte {within} = 0x{value:X2}");
                return body;
            case 2:
                byte[] inserted = random.Next(2) == 0 ? Pick(random, Insertions) : [Pick(random, InterestingBytes)];
                log.Append($"; {Show(inserted)} inserted at {at}");
                return [.. body.AsSpan(0, at), .. inserted, .. body.AsSpan(at)];
            case 3:
                var count = Math.Min(1 + random.Next(16), body.Length - at);
                log.Append($"; {count} bytes deleted at {at}");
                return [.. body.AsSpan(0, at), .. body.AsSpan(at + count)];
            case 4:
                var length = Math.Min(1 + random.Next(32), body.Length - at);
                log.Append($"; {length} bytes at {at} repeated");
                return [.. body.AsSpan(0, at + length), .. body.AsSpan(at)];
            default:
                log.Append($"; cut to {at} bytes");
                return body[..at];
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static (byte[] Key, Node Value) Member(string key, Node value) => (Encoding.UTF8.GetBytes(key), value);

    private static Raw Str(string text) => new(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text)));

    private static Raw Literal(string text) => new(Encoding.UTF8.GetBytes(text));

    // Bytes for a failure message: printable ASCII as is, the rest as \xNN, long runs shortened.
    private static string Show(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes.Length <= 400 ? bytes : [.. bytes.AsSpan(0, 200), .. "..."u8, .. bytes.AsSpan(bytes.Length - 200)])
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }

    private abstract class Node
    {
        public abstract byte[] ToBytes();
    }

    private sealed class Raw(byte[] text) : Node
    {
        public byte[] Text { get; } = text;

        public override byte[] ToBytes() => Text;
    }

    // An object; field names are bytes, as mutations make names that a string cannot hold.
    private sealed class Obj(List<(byte[] Key, Node Value)> members) : Node
    {
        public List<(byte[] Key, Node Value)> Members { get; } = members;

        public Node? Find(string key) => Members.FirstOrDefault(m => m.Key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(key))).Value;

        public override byte[] ToBytes()
        {
            using var json = new MemoryStream();
            json.WriteByte((byte)'{');
            for (var i = 0; i < Members.Count; i++)
            {
                if (i > 0)
                {
                    json.WriteByte((byte)',');
                }

                json.WriteByte((byte)'"');
                json.Write(Members[i].Key);
                json.Write("\":"u8);
                json.Write(Members[i].Value.ToBytes());
            }

            json.WriteByte((byte)'}');
            return json.ToArray();
        }
    }
}

using System.Net;
using System.Text;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Server.Hosting;
using PaddleInferenceSharp.Server.Inputs;
using PaddleInferenceSharp.Server.Observability;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Tests;

public sealed class OcrRequestTests
{
    private static OcrRequest Parse(string json) => OcrRequest.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Top_level_fields_map_to_predict_options()
    {
        var r = Parse("""{"file":"aGk=","fileType":0,"visualize":false,"useDocOrientationClassify":true,"useDocUnwarping":false,"useTextlineOrientation":true,"textDetLimitSideLen":64,"textDetLimitType":"resize_long","textDetThresh":0.2,"textDetBoxThresh":0.4,"textDetUnclipRatio":1.5,"textRecScoreThresh":0.1}""");
        Assert.Multiple(() =>
        {
            Assert.That(r.FileType, Is.EqualTo(FileKind.Pdf));
            Assert.That(r.Visualize, Is.False);
            Assert.That(r.PredictOptions.UseDocOrientationClassify, Is.True);
            Assert.That(r.PredictOptions.UseDocUnwarping, Is.False);
            Assert.That(r.PredictOptions.UseTextlineOrientation, Is.True);
            Assert.That(r.PredictOptions.TextDetLimitSideLen, Is.EqualTo(64));
            Assert.That(r.PredictOptions.TextDetLimitType, Is.EqualTo(LimitType.ResizeLong));
            Assert.That(r.PredictOptions.TextDetThresh, Is.EqualTo(0.2));
            Assert.That(r.PredictOptions.TextDetBoxThresh, Is.EqualTo(0.4));
            Assert.That(r.PredictOptions.TextDetUnclipRatio, Is.EqualTo(1.5));
            Assert.That(r.PredictOptions.TextRecScoreThresh, Is.EqualTo(0.1));
        });
    }

    [Test]
    public void Nulls_and_absent_fields_keep_the_pipeline_defaults()
    {
        var r = Parse("""{"file":"aGk=","fileType":null,"useDocUnwarping":null,"inferenceParams":null,"unknownField":[1]}""");
        Assert.That(r.FileType, Is.Null);
        Assert.That(r.PredictOptions, Is.EqualTo(new PaddleInferenceSharp.Ocr.OcrPredictOptions()));
    }

    [Test]
    public void Older_useTextLineOrientation_spelling_is_accepted() =>
        Assert.That(Parse("""{"file":"aGk=","useTextLineOrientation":true}""").PredictOptions.UseTextlineOrientation, Is.True);

    // System.Text.Json parses these and throws InvalidOperationException only when the text is read (issue 18).
    [TestCase("""{"file":"\ud800"}""", "Field 'file' is not valid text")]
    [TestCase("""{"image":"aGk=\udc00"}""", "Field 'image' is not valid text")]
    [TestCase("""{"file":"aGk=","textDetLimitType":"\ud800"}""", "Field 'textDetLimitType' is not valid text")]
    [TestCase("""{"file":"aGk=","inferenceParams":{"textDetLimitType":"\udc00\ud800"}}""", "Field 'inferenceParams.textDetLimitType' is not valid text")]
    [TestCase("""{"file":"aGk=","unknown":["ok",{"a":"\ud800\ud800"}]}""", "Field 'unknown[1].a' is not valid text")]
    [TestCase("""{"file":"aGk=","note":"\ud800\n"}""", "Field 'note' is not valid text")]
    [TestCase("""{"\ud800fi\u0000le":"aGk="}""", "A field name in the request (\"\\ud800fi\\u0000le\") is not valid text")]
    [TestCase("""{"file":"aGk=","inferenceParams":{"\udc00":1}}""", "A field name in 'inferenceParams'")]
    public void Unreadable_text_is_422_naming_the_field(string json, string message)
    {
        var ex = Assert.Throws<ApiException>(() => Parse(json));
        Assert.That(ex!.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Message, Does.StartWith(message));
        Assert.That(ex.Message, Does.Contain("must be a high one followed by a low one"));
    }

    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    [TestCase(new byte[] { 0xC0, 0x80 })]
    [TestCase(new byte[] { 0xE2, 0x82 })]
    public void Bytes_that_are_not_UTF8_are_422_naming_the_field(byte[] bad)
    {
        byte[] body = [.. "{\"file\":\"aGk="u8, .. bad, .. "\"}"u8];
        var ex = Assert.Throws<ApiException>(() => OcrRequest.Parse(body));
        Assert.That(ex!.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Message, Does.StartWith("Field 'file' is not valid text"));
    }

    [Test]
    public void Bytes_that_are_not_UTF8_in_a_field_name_are_422()
    {
        byte[] body = [.. "{\"file\":\"aGk=\",\"x"u8, 0xFF, .. "\":1}"u8];
        var ex = Assert.Throws<ApiException>(() => OcrRequest.Parse(body));
        Assert.That(ex!.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Message, Does.StartWith("A field name in the request (\"x\uFFFD\") is not valid text"));
    }

    [TestCase("visualize", "must be true, false or null")]
    [TestCase("textDetLimitSideLen", "must be an integer")]
    [TestCase("textDetLimitType", "must be 'min', 'max' or 'resize_long'")]
    public void A_long_wrong_value_is_echoed_only_in_part(string field, string message)
    {
        var misplaced = Convert.ToBase64String(new byte[30_000]);
        var ex = Assert.Throws<ApiException>(() => Parse($$"""{"file":"aGk=","{{field}}":"{{misplaced}}"}"""));
        Assert.That(ex!.Message, Does.StartWith($"Field '{field}' {message}"));
        Assert.That(ex.Message, Does.Contain("AAA...").And.Length.LessThan(200));
    }

    [Test]
    public void Escaped_text_that_pairs_its_surrogates_is_read()
    {
        var r = Parse("""{"fi\u006ce":"aGk=","textDetLimitType":"\u006dax","note":"\ud83d\ude00 \u00e9 é \"\\"}""");
        Assert.That(r.File, Is.EqualTo("aGk="));
        Assert.That(r.PredictOptions.TextDetLimitType, Is.EqualTo(LimitType.Max));
    }

    [TestCase("http://example.com/a.png", true)]
    [TestCase("https://example.com/a.pdf?x=1", true)]
    [TestCase("HTTPS://EXAMPLE.COM/a", true)]
    [TestCase("aHR0cDovL2V4YW1wbGU=", false)]
    [TestCase("http://", false)]
    [TestCase("file:///etc/passwd", false)]
    public void Urls_are_recognised_as_PaddleX_does(string file, bool isUrl) =>
        Assert.That(OcrRequest.IsHttpUrl(file), Is.EqualTo(isUrl));
}

public sealed class JsonStringTextTests
{
    [TestCase("", true)]
    [TestCase("plain text", true)]
    [TestCase(@"caf\u00e9 \\ \"" \/ \b\f\n\r\t", true)]
    [TestCase(@"\ud83d\ude00", true)]
    [TestCase(@"a\uD83D\uDE00b\u0000", true)]
    [TestCase(@"\ud800", false)]
    [TestCase(@"\udc00", false)]
    [TestCase(@"\ud800\ud800", false)]
    [TestCase(@"\udc00\ud800", false)]
    [TestCase(@"\ud800x", false)]
    [TestCase(@"\ud800\n", false)]
    [TestCase(@"\ud83d\ude00\ude00", false)]
    public void Escapes_must_pair_their_surrogates(string raw, bool expected) =>
        Assert.That(JsonStringText.IsWellFormed(Encoding.UTF8.GetBytes(raw)), Is.EqualTo(expected));

    [TestCase(new byte[] { 0xC3, 0xA9 }, true)]
    [TestCase(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, true)]
    [TestCase(new byte[] { 0xFF }, false)]
    [TestCase(new byte[] { 0x80 }, false)]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, false)]
    [TestCase(new byte[] { 0xC0, 0x80 }, false)]
    [TestCase(new byte[] { 0x5C, 0x6E, 0xE2, 0x82 }, false)]
    public void Bytes_must_be_UTF8(byte[] raw, bool expected) =>
        Assert.That(JsonStringText.IsWellFormed(raw), Is.EqualTo(expected));
}

public sealed class RequestFileReaderTests
{
    // A PNG signature, then bytes chosen so that their Base64 holds '+' and '/' (which encoders escape differently).
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFE, 0x3E, 0x3F];

    private static async Task<byte[]> ReadAsync(string json)
    {
        var request = OcrRequest.Parse(Encoding.UTF8.GetBytes(json));
        using var file = await new RequestFileReader(new UrlFetcher(new UrlInputOptions())).ReadAsync(request, CancellationToken.None);
        Assert.That(file.Kind, Is.EqualTo(FileKind.Image));
        return file.Data.ToArray();
    }

    [Test]
    public async Task Plain_base64_is_decoded_from_the_body()
    {
        var base64 = Convert.ToBase64String(Png);
        Assert.That(base64, Does.Contain("+").And.Contain("/"));
        Assert.That(await ReadAsync($$"""{"file":"{{base64}}"}"""), Is.EqualTo(Png));
    }

    [Test]
    public async Task Escaped_slashes_and_plus_signs_are_unescaped_first()
    {
        // PHP's json_encode writes '/' as '\/'; System.Text.Json writes '+' as '\u002B'.
        var escaped = Convert.ToBase64String(Png).Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
        Assert.That(await ReadAsync($$"""{"file":"{{escaped}}"}"""), Is.EqualTo(Png));
    }

    [Test]
    public async Task Line_broken_base64_as_MIME_encoders_write_it_is_accepted()
    {
        var base64 = Convert.ToBase64String(Png);
        var broken = base64[..8] + "\\r\\n" + base64[8..16] + "\\n" + base64[16..];
        Assert.That(await ReadAsync($$"""{"file":"{{broken}}"}"""), Is.EqualTo(Png));
    }

    [Test]
    public async Task Data_url_payload_is_the_file() =>
        Assert.That(await ReadAsync($$"""{"file":"data:image/png;base64,{{Convert.ToBase64String(Png)}}"}"""), Is.EqualTo(Png));

    [TestCase("@@@not base64@@@", "neither valid Base64")]
    [TestCase("iVBORw0KGgo", "neither valid Base64")]
    [TestCase("ftp://example.com/a.png", "only http:// and https:// URLs")]
    [TestCase("", "is empty")]
    public void Bad_file_values_are_422(string value, string message)
    {
        var ex = Assert.ThrowsAsync<ApiException>(() => ReadAsync($$"""{"file":"{{value}}","fileType":1}"""));
        Assert.That(ex!.StatusCode, Is.EqualTo(422));
        Assert.That(ex.Message, Does.Contain(message));
    }

    [Test]
    public void File_text_is_made_from_the_body_when_read()
    {
        var request = OcrRequest.Parse("""{"file":"https:\/\/example.com\/a.png"}"""u8.ToArray());
        Assert.That(request.File, Is.EqualTo("https://example.com/a.png"));
        Assert.That(request.IsUrl, Is.True);
        Assert.That(new OcrRequest { File = "aGk=" }.IsUrl, Is.False);
    }
}

public sealed class FileTypeDetectorTests
{
    [TestCase("https://h/x/scan.PDF", FileKind.Pdf)]
    [TestCase("https://h/x/a.jpeg?sig=1", FileKind.Image)]
    [TestCase("https://h/x/a.png", FileKind.Image)]
    [TestCase("https://h/x/a", null)]
    [TestCase("https://h/x/a.txt", null)]
    public void Type_from_url_name(string url, FileKind? expected) =>
        Assert.That(FileTypeDetector.FromUrl(new Uri(url)), Is.EqualTo(expected));

    [Test]
    public void Type_from_content()
    {
        Assert.That(FileTypeDetector.FromContent("%PDF-1.7\n..."u8), Is.EqualTo(FileKind.Pdf));
        Assert.That(FileTypeDetector.FromContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]), Is.EqualTo(FileKind.Image));
        Assert.That(FileTypeDetector.FromContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Is.EqualTo(FileKind.Image));
        Assert.That(FileTypeDetector.FromContent("hello"u8), Is.Null);
    }
}

public sealed class WorkerPoolSizingTests
{
    [TestCase(0, 0, 2, 2, 1)]
    [TestCase(0, 0, 16, 16, 1)]
    [TestCase(0, 4, 16, 4, 4)]
    [TestCase(2, 0, 16, 2, 8)]
    [TestCase(3, 2, 16, 3, 2)]
    [TestCase(0, 8, 2, 1, 8)]
    public void Pool_fills_the_cores(int workers, int threads, int cores, int expectedWorkers, int expectedThreads) =>
        Assert.That(PaddleInferenceSharp.Extensions.Hosting.OcrPipelinePool.Size(workers, threads, cores), Is.EqualTo((expectedWorkers, expectedThreads)));
}

public sealed class LatencyHistogramTests
{
    [Test]
    public void Buckets_are_cumulative()
    {
        var histogram = new LatencyHistogram();
        histogram.Observe(TimeSpan.FromMilliseconds(10));
        histogram.Observe(TimeSpan.FromMilliseconds(300));
        histogram.Observe(TimeSpan.FromSeconds(200));
        var text = new StringBuilder();
        histogram.Write(text, "x", string.Empty);

        Assert.That(text.ToString(), Does.Contain("x_bucket{le=\"0.025\"} 1\n"));
        Assert.That(text.ToString(), Does.Contain("x_bucket{le=\"0.5\"} 2\n"));
        Assert.That(text.ToString(), Does.Contain("x_bucket{le=\"120\"} 2\n"));
        Assert.That(text.ToString(), Does.Contain("x_bucket{le=\"+Inf\"} 3\n"));
        Assert.That(text.ToString(), Does.Contain("x_count 3\n"));
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// The real service (<c>paddlex-sharp serve</c>, a separate process on 127.0.0.1) called by real clients as the
/// seeds show them: curl and PaddleX's Python examples (current and 3.0.0b1) on the standard library. Ends with
/// SIGTERM and a clean exit.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class EndToEndTests
{
    private Process _server = null!;
    private string _url = null!;
    private string _dir = null!;
    private readonly StringBuilder _log = new();

    [OneTimeSetUp]
    public void Start()
    {
        _dir = TestPaths.NewTempDirectory("server-e2e");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            TestServers.CliDll(), "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "1",
            "--max_request_mb", "2", "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
            "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
        })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PADDLEINFERENCESHARP_OFFLINE"] = "1";
        _server = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } m)
            {
                listening.TrySetResult(m.Groups[1].Value);
            }
        }

        _server.OutputDataReceived += OnLine;
        _server.ErrorDataReceived += OnLine;
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            Assert.Fail("the server did not start listening within 60 s:\n" + Log());
        }

        _url = listening.Task.Result;
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((int)http.GetAsync(_url + "/health/ready").Result.StatusCode != 200)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "not ready within 60 s:\n" + Log());
            Thread.Sleep(200);
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
        }

        _server.Dispose();
        Directory.Delete(_dir, true);
    }

    private static string Dev(string name) => Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    [Test, Order(1)]
    public void Python_client_of_the_seeds_prints_the_detected_texts()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "clients", "ocr_client.py");
        var (code, stdout, stderr) = Run("python3", script, _url + "/ocr", Dev("syn_001.png"), _dir);

        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("Detected texts:"));
        Assert.That(stdout, Does.Contain("Date: 17.03.2017"));
        Assert.That(stdout, Does.Contain("'rec_texts': ["), "prunedResult printed as the example does");
        var image = File.ReadAllBytes(Path.Combine(_dir, "ocr_0.jpg"));
        Assert.That(image[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "ocrImage saved as JPEG");
    }

    [Test, Order(1)]
    public void Python_client_of_the_3_0_0b1_docs_prints_the_detected_texts()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "clients", "ocr_client_3.0.0b1.py");
        var (code, stdout, stderr) = Run("python3", script, _url + "/ocr", Dev("syn_001.png"), _dir);

        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("Detected texts:"));
        Assert.That(stdout, Does.Contain("'text': 'Date: 17.03.2017'"), "result['texts'] printed as the example does");
        Assert.That(stdout, Does.Contain("'poly': [["));
        var image = File.ReadAllBytes(Path.Combine(_dir, "out.jpg"));
        Assert.That(image[..3], Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF }), "image saved as JPEG");
    }

    [Test, Order(2)]
    public void Curl_reads_a_jpeg_page()
    {
        var request = Path.Combine(_dir, "request.json");
        File.WriteAllText(request, new JsonObject { ["file"] = TestServers.Base64Of(Dev("syn_003.jpg")), ["fileType"] = 1, ["visualize"] = false }.ToJsonString());
        var (status, body) = Curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + request, _url + "/ocr");

        Assert.That(status, Is.EqualTo(200), body);
        var json = JsonNode.Parse(body)!.AsObject();
        var truth = JsonNode.Parse(File.ReadAllText(Dev("syn_003.json")))!["lines"]!.AsArray().Select(l => ((string)l!["text"]!).Replace(" ", string.Empty, StringComparison.Ordinal)).ToArray();
        var texts = TestServers.Texts(json).Select(t => t.Replace(" ", string.Empty, StringComparison.Ordinal)).ToHashSet();
        Assert.That(truth.Count(texts.Contains), Is.GreaterThanOrEqualTo(truth.Length / 2), string.Join(" | ", texts));
    }

    [Test, Order(3)]
    public void Curl_reads_a_generated_pdf()
    {
        var pdf = Path.Combine(_dir, "doc.pdf");
        new TestPdf().AddTextPage(400, 120, ["Hello from page one"], fontSize: 20).AddTextPage(400, 120, ["Goodbye on page two"], fontSize: 20).Save(pdf);
        var request = Path.Combine(_dir, "pdf.json");
        File.WriteAllText(request, new JsonObject { ["file"] = TestServers.Base64Of(pdf), ["fileType"] = 0, ["visualize"] = false }.ToJsonString());
        var (status, body) = Curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + request, _url + "/ocr");

        Assert.That(status, Is.EqualTo(200), body);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.That(string.Concat(TestServers.Texts(json, 0)).Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain("Hellofrompageone"));
        Assert.That(string.Concat(TestServers.Texts(json, 1)).Replace(" ", string.Empty, StringComparison.Ordinal), Does.Contain("Goodbyeonpagetwo"));
    }

    [TestCase("{\"file\": ", 422, TestName = "Curl_malformed_json_answers_422")]
    [TestCase("{\"file\": \"%%%\", \"fileType\": 1}", 422, TestName = "Curl_bad_base64_answers_422")]
    [TestCase("{\"file\": \"aGVsbG8=\", \"fileType\": 7}", 422, TestName = "Curl_wrong_file_type_answers_422")]
    [TestCase("{\"file\": \"http://169.254.169.254/latest/meta-data\"}", 422, TestName = "Curl_url_input_is_refused")]
    [Order(4)]
    public void Curl_errors_answer_with_the_envelope(string json, int expected)
    {
        var request = Path.Combine(_dir, "bad.json");
        File.WriteAllText(request, json);
        var (status, body) = Curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + request, _url + "/ocr");

        Assert.That(status, Is.EqualTo(expected), body);
        Assert.That((int)JsonNode.Parse(body)!["errorCode"]!, Is.EqualTo(expected));
        Assert.That(Curl(_url + "/health").Status, Is.EqualTo(200), "still serving");
    }

    [Test, Order(5)]
    public void Curl_oversize_body_answers_413()
    {
        var request = Path.Combine(_dir, "big.json");
        File.WriteAllText(request, "{\"fileType\": 1, \"file\": \"" + new string('A', 3 * 1024 * 1024) + "\"}");
        var (status, body) = Curl("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + request, _url + "/ocr");

        Assert.That(status, Is.EqualTo(413), body);
        Assert.That((int)JsonNode.Parse(body)!["errorCode"]!, Is.EqualTo(413));
        Assert.That(Curl(_url + "/health").Status, Is.EqualTo(200), "still serving");
    }

    [Test, Order(6)]
    public void Metrics_are_readable_with_curl()
    {
        var (status, body) = Curl(_url + "/metrics");
        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Does.Match("ocr_requests_total\\{status=\"200\"\\} [1-9]"));
        Assert.That(body, Does.Match("ocr_requests_total\\{status=\"422\"\\} [1-9]"));
    }

    [Test, Order(7)]
    public void Sigterm_shuts_down_cleanly()
    {
        Run("kill", "-TERM", _server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(_server.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "exited within 30 s:\n" + Log());
        Assert.That(_server.ExitCode, Is.EqualTo(0), Log());
        Assert.That(Log(), Does.Contain("Shutting down"));
    }

    private (int Status, string Body) Curl(params string[] arguments)
    {
        var output = Path.Combine(_dir, "curl-out-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = Run("curl", ["-s", "-o", output, "-w", "%{http_code}", .. arguments]);
        Assert.That(code, Is.EqualTo(0), "curl: " + stderr);
        return (int.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), File.Exists(output) ? File.ReadAllText(output) : string.Empty);
    }

    internal static (int Code, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}

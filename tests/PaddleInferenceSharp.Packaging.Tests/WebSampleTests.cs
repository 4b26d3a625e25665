using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>samples/WebOcr restored from out/packages and run: PaddleX's POST /ocr mounted with MapPaddleXOcr, its own upload endpoint, the health check.</summary>
[NonParallelizable]
public sealed class WebSampleTests
{
    [Test]
    public async Task The_web_sample_answers_PaddleX_ocr_requests_and_its_own_upload_endpoint()
    {
        var image = TestPaths.RequiredShared("eval", "dev", "syn_001.png");
        var expected = SampleWorkspace.CliTexts(image);
        using var workspace = new SampleWorkspace("web-sample");
        var sample = workspace.CopySample("WebOcr");
        workspace.Dotnet(sample, "build", "-c", "Release");

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = sample, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(sample, "bin", "Release", "net10.0", "WebOcr.dll"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PADDLE", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            await WaitHealthy(http, process, log);

            var body = JsonSerializer.Serialize(new { file = Convert.ToBase64String(File.ReadAllBytes(image)), fileType = 1 });
            using var answer = await http.PostAsync("/ocr", new StringContent(body, Encoding.UTF8, "application/json"));
            var json = await answer.Content.ReadAsStringAsync();
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), json);
            using (var doc = JsonDocument.Parse(json))
            {
                Assert.That(doc.RootElement.GetProperty("errorCode").GetInt32(), Is.Zero);
                var pruned = doc.RootElement.GetProperty("result").GetProperty("ocrResults")[0].GetProperty("prunedResult");
                Assert.That(pruned.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(expected));
            }

            using var upload = await http.PostAsync("/read", new ByteArrayContent(File.ReadAllBytes(image)));
            var lines = await upload.Content.ReadAsStringAsync();
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.OK), lines);
            using (var doc = JsonDocument.Parse(lines))
            {
                Assert.That(doc.RootElement.EnumerateArray().Select(l => l.GetProperty("text").GetString()), Is.EqualTo(expected));
            }

            using var bad = await http.PostAsync("/ocr", new StringContent("{\"file\": \"not base64!\"}", Encoding.UTF8, "application/json"));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await bad.Content.ReadAsStringAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }
    }

    private static async Task WaitHealthy(HttpClient http, Process process, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(process.HasExited, Is.False, () => $"the sample exited ({process.ExitCode}):\n{log}");
            try
            {
                using var health = await http.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK && await health.Content.ReadAsStringAsync() == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the sample did not become healthy within 2 minutes:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

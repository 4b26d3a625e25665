using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// MapPaddleXOcrWebPage over HTTP (no models needed: the page only calls POST /ocr from the browser): what is served,
/// with which headers, and nothing else. The page in a browser is tested in PaddleInferenceSharp.Server.BrowserTests.
/// </summary>
[TestFixture]
public sealed partial class WebPageTests
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPaddleXOcrWebPage("/demo/", "/api/ocr");
        _app.MapPaddleXOcrWebPage();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [TestCase("/demo", "text/html")]
    [TestCase("/demo/", "text/html")]
    [TestCase("/demo/ocr-page.css", "text/css")]
    [TestCase("/demo/ocr-page.js", "text/javascript")]
    [TestCase("/", "text/html")]
    [TestCase("/ocr-page.js", "text/javascript")]
    public async Task Files_are_served_with_their_type_an_etag_and_no_cache(string path, string type)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(type));
            Assert.That(response.Content.Headers.ContentType.CharSet, Is.EqualTo("utf-8"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(body.Length));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Headers.CacheControl!.NoCache, Is.True);
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        });
    }

    [Test]
    public async Task Page_names_its_endpoint_and_files_and_allows_only_its_origin()
    {
        using var response = await _client.GetAsync("/demo");
        var html = await response.Content.ReadAsStringAsync();
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<meta name=\"paddlex-ocr-endpoint\" content=\"/api/ocr\">"));
            Assert.That(html, Does.Contain("href=\"/demo/ocr-page.css\""));
            Assert.That(html, Does.Contain("src=\"/demo/ocr-page.js\""));
            Assert.That(html, Does.Not.Contain("{{"), "every placeholder is filled");
            Assert.That(policy, Does.Contain("default-src 'none'"));
            Assert.That(policy, Does.Contain("script-src 'self'"));
            Assert.That(policy, Does.Contain("connect-src 'self'"));
        });
    }

    [TestCase("/")]
    [TestCase("/ocr-page.css")]
    [TestCase("/ocr-page.js")]
    public async Task Nothing_is_loaded_from_another_origin(string path)
    {
        var text = await _client.GetStringAsync(path);

        // Inline scripts and styles would need 'unsafe-inline' under the page's policy; URLs elsewhere, a network.
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Match("(src|href)\\s*=\\s*\"(https?:)?//"));
            Assert.That(text, Does.Not.Match("url\\(\\s*['\"]?(https?:)?//"));
            Assert.That(text, Does.Not.Match("@import"));
            Assert.That(text, Does.Not.Match("<script>|<style|\\sstyle=\"|\\son[a-z]+=\""));
        });
    }

    [Test]
    public async Task Unchanged_file_answers_304_to_its_etag()
    {
        using var first = await _client.GetAsync("/demo/ocr-page.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/demo/ocr-page.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _client.SendAsync(request);

        Assert.That((int)second.StatusCode, Is.EqualTo(304));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(second.Headers.ETag, Is.EqualTo(first.Headers.ETag));
    }

    [Test]
    public async Task Head_answers_the_headers_without_the_body()
    {
        using var get = await _client.GetAsync("/demo/ocr-page.css");
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/demo/ocr-page.css"));

        Assert.That((int)head.StatusCode, Is.EqualTo(200));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(get.Content.Headers.ContentLength));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [TestCase("/demo/index.html")]
    [TestCase("/demo/WebPage/")]
    [TestCase("/demo/other.js")]
    [TestCase("/WebPage/ocr-page.js")]
    [TestCase("/PaddleInferenceSharp.Server.WebPage.index.html")]
    public async Task Nothing_else_is_served(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Page_is_read_only()
    {
        using var response = await _client.PostAsync("/demo/ocr-page.js", new StringContent("x"));
        Assert.That((int)response.StatusCode, Is.EqualTo(405));
    }

    [Test]
    public void Paths_must_start_with_a_slash()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        Assert.That(() => app.MapPaddleXOcrWebPage("demo"), Throws.ArgumentException.With.Message.Contains("'demo'"));
        Assert.That(() => app.MapPaddleXOcrWebPage("/", "ocr"), Throws.ArgumentException.With.Message.Contains("'ocr'"));
    }

    // The form leaves every field empty (the server's setting applies) and names PaddleX's default beside it: the
    // defaults this project's pipeline uses.
    [Test]
    public async Task Form_hints_name_the_pipeline_defaults()
    {
        var html = await _client.GetStringAsync("/");
        var pipeline = new OcrPipelineOptions();
        var detection = new TextDetectorOptions();
        var expected = new Dictionary<string, string>
        {
            ["useDocOrientationClassify"] = OnOff(pipeline.UseDocOrientationClassify),
            ["useDocUnwarping"] = OnOff(pipeline.UseDocUnwarping),
            ["useTextlineOrientation"] = OnOff(pipeline.UseTextlineOrientation),
            ["textDetLimitSideLen"] = detection.LimitSideLen.ToString(CultureInfo.InvariantCulture),
            ["textDetLimitType"] = LimitTypes.Format(detection.LimitType),
            ["textDetThresh"] = Number(detection.Thresh),
            ["textDetBoxThresh"] = Number(detection.BoxThresh),
            ["textDetUnclipRatio"] = Number(detection.UnclipRatio),
            ["textRecScoreThresh"] = Number(pipeline.TextRecScoreThresh),
            ["visualize"] = OnOff(new OcrServerOptions().Visualize),
        };

        Assert.Multiple(() =>
        {
            foreach (var (name, value) in expected)
            {
                var hint = Regex.Match(html, $"<small id=\"{name}-hint\">[^<]*PaddleX: ([^<]+)</small>");
                Assert.That(hint.Success, Is.True, $"{name} has a hint naming PaddleX's default");
                Assert.That(hint.Groups[1].Value, Is.EqualTo(value), name);
                var field = Regex.Match(html, $"<(input|select) id=\"{name}\"[^>]*>");
                Assert.That(field.Value, Does.Contain($"data-param=\"{name}\""), name);
                Assert.That(field.Value, Does.Not.Contain("value="), $"{name} is empty until the user sets it");
                if (field.Groups[1].Value == "input")
                {
                    Assert.That(field.Value, Does.Contain($"placeholder=\"{value}\""), name);
                }
            }
        });

        static string OnOff(bool value) => value ? "on" : "off";
        static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);
    }

    // On by default, the standalone server's page is what the browser tests open.
    [Test]
    public async Task Standalone_server_without_the_page_answers_404_at_the_root()
    {
        var server = OcrServer.Create(new OcrServerOptions { Host = "127.0.0.1", Port = 0, Pipeline = TestServers.Pipeline(), Workers = 1, WebPage = false }, logging => logging.SetMinimumLevel(LogLevel.None));
        await using (server)
        {
            await server.StartAsync();
            using var client = TestServers.Client(server);
            using var page = await client.GetAsync("/");
            using var script = await client.GetAsync("/ocr-page.js");

            Assert.That((int)page.StatusCode, Is.EqualTo(404));
            Assert.That(page.Content.Headers.ContentType, Is.EqualTo(new MediaTypeHeaderValue("application/json")), "the envelope of other 404s");
            Assert.That((int)script.StatusCode, Is.EqualTo(404));
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>URL inputs when enabled: http(s) only, no private addresses unless allowed, size limits.</summary>
[TestFixture]
public sealed class UrlInputTests
{
    private OcrServer _public = null!;
    private OcrServer _private = null!;
    private WebApplication _files = null!;
    private string _filesUrl = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _public = await TestServers.StartAsync(new OcrServerOptions { Pipeline = TestServers.Pipeline(), Workers = 1, UrlInput = new UrlInputOptions { Enabled = true } });
        _private = await TestServers.StartAsync(new OcrServerOptions
        {
            Pipeline = TestServers.Pipeline(),
            Workers = 1,
            UrlInput = new UrlInputOptions { Enabled = true, AllowPrivateAddresses = true, MaxBytes = 200_000 },
        });

        // A small file server on loopback standing in for a remote host.
        var dev = TestPaths.RequiredShared("eval", "dev");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _files = builder.Build();
        _files.MapGet("/img/{name}", (string name) => Results.File(File.ReadAllBytes(Path.Combine(dev, Path.GetFileName(name))), "application/octet-stream"));
        _files.MapGet("/big.png", () => Results.File(new byte[1_000_000], "image/png"));
        await _files.StartAsync();
        _filesUrl = _files.Urls.First();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _public.DisposeAsync();
        await _private.DisposeAsync();
        await _files.DisposeAsync();
    }

    [TestCase("http://127.0.0.1:9/a.png")]
    [TestCase("http://localhost:9/a.png")]
    [TestCase("http://169.254.169.254/latest/meta-data/")]
    [TestCase("http://10.0.0.1/a.png")]
    [TestCase("http://192.168.1.1/a.png")]
    [TestCase("http://[::1]:9/a.png")]
    [TestCase("http://[::ffff:127.0.0.1]:9/a.png")]
    [TestCase("http://0.0.0.0:9/a.png")]
    public async Task Url_to_a_private_address_answers_422(string url)
    {
        using var client = TestServers.Client(_public);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = url, ["fileType"] = 1 });
        TestServers.AssertError(status, body, 422, "non-public address");
        Assert.That((int)(await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(200), "the server keeps serving");
    }

    [Test]
    public async Task Url_with_credentials_answers_422()
    {
        using var client = TestServers.Client(_public);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = "http://user:pw@example.com/a.png" });
        TestServers.AssertError(status, body, 422, "credentials");
    }

    [Test]
    public async Task Allowed_url_is_fetched_and_its_type_inferred_from_the_name()
    {
        using var client = TestServers.Client(_private);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = _filesUrl + "/img/syn_001.png" });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That((string)body["result"]!["dataInfo"]!["type"]!, Is.EqualTo("image"));
        Assert.That(TestServers.Texts(body), Does.Contain("Date: 17.03.2017"));
    }

    [Test]
    public async Task Download_over_the_size_limit_answers_502()
    {
        using var client = TestServers.Client(_private);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = _filesUrl + "/big.png" });
        TestServers.AssertError(status, body, 502, "larger than the limit");
    }

    [Test]
    public async Task Missing_file_answers_502_with_the_upstream_status()
    {
        using var client = TestServers.Client(_private);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = _filesUrl + "/nothing.png" });
        TestServers.AssertError(status, body, 502, "HTTP 404");
    }
}

using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>
/// paddlex-sharp --input http(s)://...: fetched under the server's address policy. A loopback server stands in for a
/// remote host; without --allow_private_urls it is refused, naming the URL, and never connected to.
/// </summary>
public sealed class UrlInputCommandTests
{
    private string _dir = null!;
    private LoopbackHttpServer _server = null!;

    [SetUp]
    public void Start()
    {
        _dir = TestPaths.NewTempDirectory("cli-url");
        _server = new LoopbackHttpServer().Serve("/img/syn_001.png", File.ReadAllBytes(Path.Combine(TestPaths.RequiredShared("eval", "dev"), "syn_001.png")));
    }

    [TearDown]
    public void Stop()
    {
        _server.Dispose();
        Directory.Delete(_dir, true);
    }

    private static string[] Base(string input, params string[] more) => CliRunner.V4Pipeline(input, more);

    [Test]
    public void Url_input_on_a_private_address_needs_allow_private_urls()
    {
        var url = _server.BaseUrl + "/img/syn_001.png";
        var output = Path.Combine(_dir, "out");

        var (code, _, stderr) = CliRunner.Run(Base(url, "--save_path", output, "--quiet"));
        Assert.That(code, Is.EqualTo(3), stderr);
        Assert.That(stderr, Does.Contain(url).And.Contain("non-public address").And.Contain("--allow_private_urls"));
        Assert.That(_server.Connections, Is.Zero, "refused before connecting");

        (code, _, stderr) = CliRunner.Run(Base(url + "?token=secret", "--save_path", output, "--quiet", "--allow_private_urls"));
        Assert.That(code, Is.Zero, stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "syn_001_res.json")));
        Assert.That(json.RootElement.GetProperty("input_path").GetString(), Is.EqualTo(url));
        Assert.That(json.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()), Does.Contain("Date: 17.03.2017"));
    }
}

using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Inputs;

/// <summary>
/// URL inputs against a loopback server standing in for a remote host (no test reaches the internet): fetched when
/// private addresses are allowed, refused before any connection otherwise, size and time limited, errors naming the URL.
/// </summary>
public sealed class UrlFetcherTests
{
    private static readonly byte[] Body = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3, 4];
    private LoopbackHttpServer _server = null!;

    [SetUp]
    public void Start() => _server = new LoopbackHttpServer().Serve("/a.png", Body).Serve("/big.bin", new byte[100_000]).Hang("/slow.png");

    [TearDown]
    public void Stop() => _server.Dispose();

    private static UrlFetcher Loopback(UrlInputOptions? options = null) => new((options ?? new UrlInputOptions()) with { AllowPrivateAddresses = true });

    [Test]
    public async Task Allowed_loopback_url_is_fetched()
    {
        using var fetcher = Loopback();
        var (data, finalUrl) = await fetcher.FetchAsync(_server.BaseUrl + "/a.png?sig=1");
        Assert.That(data, Is.EqualTo(Body));
        Assert.That(finalUrl.AbsolutePath, Is.EqualTo("/a.png"));
    }

    [TestCase("127.0.0.1", "(127.0.0.1)")]
    [TestCase("localhost", "resolves to a non-public address")]
    [TestCase("[::ffff:127.0.0.1]", "127.0.0.1)")]
    public void Loopback_url_is_refused_by_default_without_connecting(string host, string detail)
    {
        using var fetcher = new UrlFetcher();
        var url = $"http://{host}:{_server.Port}/a.png?token=secret";

        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(url));

        Assert.That(ex!.Refused, Is.True);
        Assert.That(ex.Message, Does.Contain("non-public address").And.Contain(detail).And.Contain($":{_server.Port}/a.png").And.Contain("--allow_private_urls"));
        Assert.That(ex.Message, Does.Not.Contain("secret"), "the query is left out of messages");
        Assert.That(ex.Url, Does.EndWith($":{_server.Port}/a.png"));
        Assert.That(_server.Connections, Is.Zero, "the policy refuses before connecting");
    }

    [TestCase("ftp://example.com/a.png", "not an absolute http:// or https:// URL")]
    [TestCase("http://user:pw@example.com/a.png", "credentials")]
    [TestCase("http://10.0.0.1/a.png", "non-public address (10.0.0.1)")]
    [TestCase("http://169.254.169.254/latest/meta-data/", "non-public address (169.254.169.254)")]
    public void Refused_urls_name_the_problem(string url, string expected)
    {
        using var fetcher = new UrlFetcher();
        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(url));
        Assert.That(ex!.Refused, Is.True);
        Assert.That(ex.Message, Does.Contain(expected));
        Assert.That(ex.Message, Does.Not.Contain("pw@"));
    }

    [Test]
    public void Url_inputs_switched_off_are_refused()
    {
        using var fetcher = new UrlFetcher(new UrlInputOptions { Enabled = false, AllowPrivateAddresses = true });
        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(_server.BaseUrl + "/a.png"));
        Assert.That(ex!.Message, Does.Contain("switched off"));
        Assert.That(_server.Connections, Is.Zero);
    }

    [Test]
    public void Download_over_the_size_limit_fails_naming_the_url_and_the_limit()
    {
        using var fetcher = Loopback(new UrlInputOptions { MaxBytes = 10_000 });
        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(_server.BaseUrl + "/big.bin"));
        Assert.That(ex!.Refused, Is.False);
        Assert.That(ex.Message, Does.Contain(_server.BaseUrl + "/big.bin").And.Contain("larger than the limit of 10000 bytes"));
    }

    [Test]
    public void Download_slower_than_the_timeout_fails_naming_the_url()
    {
        using var fetcher = Loopback(new UrlInputOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var started = DateTime.UtcNow;
        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(_server.BaseUrl + "/slow.png"));
        Assert.That(ex!.Message, Does.Contain(_server.BaseUrl + "/slow.png").And.Contain("took longer than 0.5 s"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Missing_file_fails_with_the_upstream_status()
    {
        using var fetcher = Loopback();
        var ex = Assert.ThrowsAsync<UrlInputException>(() => fetcher.FetchAsync(_server.BaseUrl + "/nothing.png"));
        Assert.That(ex!.Refused, Is.False);
        Assert.That(ex.Message, Does.Contain(_server.BaseUrl + "/nothing.png").And.Contain("HTTP 404"));
    }

    [TestCase("https://example.com/a.png", true)]
    [TestCase("HTTP://EXAMPLE.COM/A.PNG", true)]
    [TestCase("/data/http/a.png", false)]
    [TestCase("httpdocs/a.png", false)]
    [TestCase("file:///a.png", false)]
    public void Is_url_tells_urls_from_paths(string input, bool expected) =>
        Assert.That(UrlFetcher.IsUrl(input), Is.EqualTo(expected));
}

using System.Formats.Tar;
using System.Net;
using System.Security.Cryptography;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Models;

/// <summary>Downloads from a server on 127.0.0.1 that serves a tar archive with range requests.</summary>
[NonParallelizable]
public sealed class ModelDownloaderTests
{
    private string _dir = null!;
    private byte[] _archive = null!;
    private HttpListener _listener = null!;
    private string _baseUrl = null!;
    private Task _server = null!;
    private int _failAfterBytes = -1;
    private readonly List<string?> _ranges = [];
    private EnvironmentScope _online = null!;

    [SetUp]
    public void Start()
    {
        // scripts/test.sh runs offline (PADDLEINFERENCESHARP_OFFLINE=1), which wins over every downloader; these tests download from 127.0.0.1.
        _online = new EnvironmentScope(new Dictionary<string, string?> { [ModelDownloadOptions.OfflineVariable] = null });
        _dir = TestPaths.NewTempDirectory("download");
        _archive = BuildArchive("Test-Model");
        _failAfterBytes = -1;
        _ranges.Clear();
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                _baseUrl = $"http://127.0.0.1:{port}/models/";
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                _listener.Close();
            }
        }

        _server = Task.Run(Serve);
    }

    [TearDown]
    public void Stop()
    {
        _online.Dispose();
        _listener.Stop();
        _listener.Close();
        Directory.Delete(_dir, true);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            try
            {
                var response = context.Response;
                if (context.Request.Url!.AbsolutePath != "/models/Test-Model_infer.tar")
                {
                    response.StatusCode = 404;
                    response.Close();
                    continue;
                }

                var range = context.Request.Headers["Range"];
                _ranges.Add(range);
                var start = 0;
                if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    start = int.Parse(range[6..range.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                    response.StatusCode = 206;
                }

                var length = _archive.Length - start;
                response.ContentLength64 = length;
                var send = _failAfterBytes >= 0 ? Math.Min(length, _failAfterBytes) : length;
                await response.OutputStream.WriteAsync(_archive.AsMemory(start, send));
                if (send < length)
                {
                    response.Abort();
                    _failAfterBytes = -1;
                    continue;
                }

                response.Close();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    private static byte[] BuildArchive(string name)
    {
        using var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string path, byte[] content)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) };
                tar.WriteEntry(entry);
            }

            Add($"{name}_infer/inference.onnx", new byte[200_000]);
            Add($"{name}_infer/inference.yml", "Global:\n  model_name: Test-Model\n"u8.ToArray());
        }

        return stream.ToArray();
    }

    private ModelDownloader Downloader(IReadOnlyDictionary<string, string>? checksums = null, bool allowUnverified = true) =>
        new(new HttpClient(), new ModelDownloadOptions { BaseUrl = _baseUrl, Checksums = checksums ?? new Dictionary<string, string>(), AllowUnverified = allowUnverified });

    [Test]
    public async Task A_verified_archive_is_installed_as_model_name_folder_with_progress()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(_archive));
        var reports = new List<ModelDownloadProgress>();
        var dir = await Downloader(new Dictionary<string, string> { ["Test-Model"] = hash })
            .EnsureAsync("Test-Model", _dir, new SynchronousProgress(reports.Add));
        Assert.That(dir, Is.EqualTo(Path.Combine(_dir, "Test-Model")));
        Assert.That(File.Exists(Path.Combine(dir, "inference.onnx")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(dir, "inference.yml")), Does.Contain("Test-Model"));
        Assert.That(reports[^1].BytesReceived, Is.EqualTo(_archive.Length));
        Assert.That(reports[^1].TotalBytes, Is.EqualTo(_archive.Length));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, ".downloads")), Is.Empty, "the archive is removed after installing");
        Assert.That(Directory.GetDirectories(_dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "Test-Model", ".downloads" }), "no staging folder is left");
    }

    [Test]
    public void A_checksum_mismatch_installs_nothing_and_names_both_hashes()
    {
        var wrong = new string('0', 64);
        var ex = Assert.ThrowsAsync<ModelLoadException>(() => Downloader(new Dictionary<string, string> { ["Test-Model"] = wrong }).EnsureAsync("Test-Model", _dir));
        Assert.That(ex!.Message, Does.Contain(wrong).And.Contain(Convert.ToHexStringLower(SHA256.HashData(_archive))));
        Assert.That(Directory.Exists(Path.Combine(_dir, "Test-Model")), Is.False);
        Assert.That(Directory.GetFiles(Path.Combine(_dir, ".downloads")), Is.Empty);
    }

    [Test]
    public async Task An_interrupted_download_resumes_with_a_range_request()
    {
        _failAfterBytes = 100_000;
        Assert.ThrowsAsync<ModelLoadException>(() => Downloader().EnsureAsync("Test-Model", _dir));
        var partial = Path.Combine(_dir, ".downloads", "Test-Model_infer.tar.partial");
        Assert.That(new FileInfo(partial).Length, Is.EqualTo(100_000));
        Assert.That(Directory.Exists(Path.Combine(_dir, "Test-Model")), Is.False, "nothing is installed from a partial archive");

        var dir = await Downloader().EnsureAsync("Test-Model", _dir);
        Assert.That(_ranges[^1], Is.EqualTo("bytes=100000-"));
        Assert.That(new FileInfo(Path.Combine(dir, "inference.onnx")).Length, Is.EqualTo(200_000));
    }

    [Test]
    public void Unverified_archives_can_be_refused()
    {
        var ex = Assert.ThrowsAsync<ModelLoadException>(() => Downloader(allowUnverified: false).EnsureAsync("Test-Model", _dir));
        Assert.That(ex!.Message, Does.Contain("no known checksum"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "Test-Model")), Is.False);
    }

    [Test]
    public void An_unknown_model_reports_the_server_error_and_where_to_put_the_model()
    {
        var ex = Assert.ThrowsAsync<ModelLoadException>(() => Downloader().EnsureAsync("No-Such-Model", _dir));
        Assert.That(ex!.Message, Does.Contain("404").And.Contain(Path.Combine(_dir, "No-Such-Model")));
    }

    [Test]
    public async Task An_installed_model_is_not_downloaded_again()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "Test-Model"));
        var dir = await Downloader().EnsureAsync("Test-Model", _dir);
        Assert.That(dir, Is.EqualTo(Path.Combine(_dir, "Test-Model")));
        Assert.That(_ranges, Is.Empty);
    }

    [Test]
    public void The_cache_without_a_downloader_says_where_to_put_the_model()
    {
        var ex = Assert.Throws<ModelLoadException>(() => new ModelCache(_dir).Resolve("Missing-Model"));
        Assert.That(ex!.Message, Does.Contain("Missing-Model").And.Contain(Path.Combine(_dir, "Missing-Model")).And.Contain("downloading is off"));
    }

    [Test]
    public void Offline_by_environment_nothing_is_asked_of_the_server_and_the_cache_names_every_folder()
    {
        using var offline = new EnvironmentScope(new Dictionary<string, string?> { [ModelDownloadOptions.OfflineVariable] = "1" });

        var ex = Assert.ThrowsAsync<ModelLoadException>(() => Downloader().EnsureAsync("Test-Model", _dir));
        Assert.That(ex!.Message, Does.Contain("'Test-Model'").And.Contain(ModelDownloadOptions.OfflineVariable).And.Contain(Path.Combine(_dir, "Test-Model")));
        var cache = new ModelCache(_dir, Downloader());
        var cacheError = Assert.Throws<ModelLoadException>(() => cache.Resolve("Test-Model"));
        Assert.That(cache.Roots.Select(r => Path.Combine(r, "Test-Model")), Is.All.Matches<string>(cacheError!.Message.Contains), cacheError.Message);
        Assert.That(_ranges, Is.Empty, "no request reached the server");
        Assert.That(Directory.Exists(Path.Combine(_dir, ".downloads")), Is.False);
    }

    private sealed class SynchronousProgress(Action<ModelDownloadProgress> report) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => report(value);
    }
}

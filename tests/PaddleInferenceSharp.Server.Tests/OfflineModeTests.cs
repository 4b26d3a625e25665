using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>
/// Offline mode at start-up: text-line orientation on (PaddleX's default) and its default model,
/// PP-LCNet_x0_25_textline_ori, in no cache folder. The pipelines' downloader sends through a handler that records
/// every request and answers none.
/// </summary>
[NonParallelizable]
public sealed class OfflineModeTests
{
    private const string Model = "PP-LCNet_x0_25_textline_ori";

    private EmptyModelCaches _caches = null!;
    private EnvironmentScope _environment = null!;
    private RefusingHandler _handler = null!;

    [SetUp]
    public void PointCachesAtEmptyFolders()
    {
        _caches = new EmptyModelCaches();
        _environment = new EnvironmentScope(_caches.Environment);
        _handler = new RefusingHandler();
    }

    [TearDown]
    public void Restore()
    {
        _handler.Dispose();
        _environment.Dispose();
        _caches.Dispose();
    }

    // Detection and recognition from .deps/models; text-line orientation by its default name.
    private OcrPipelineOptions Pipeline(bool allowDownload) => TestServers.Pipeline() with
    {
        UseTextlineOrientation = true,
        TextLineOrientationModelDir = null,
        ModelCacheDir = _caches.ExplicitCache,
        AllowModelDownload = allowDownload,
        ModelDownloader = new ModelDownloader(new HttpClient(_handler), new ModelDownloadOptions { Timeout = TimeSpan.FromSeconds(30) }),
    };

    private IReadOnlyList<string> Searched => [Path.Combine(_caches.ExplicitCache, Model), .. _caches.FoldersFor(Model, AppContext.BaseDirectory)];

    private static async Task<(Exception? Error, TimeSpan Elapsed)> StartAsync(OcrPipelineOptions pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        await using var server = OcrServer.Create(new OcrServerOptions { Host = "127.0.0.1", Port = 0, Pipeline = pipeline }, logging => logging.SetMinimumLevel(LogLevel.None));
        await server.StartAsync();
        try
        {
            await server.Ready;
            return (null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            return (ex, Stopwatch.GetElapsedTime(started));
        }
    }

    [Test]
    public async Task Offline_serve_without_the_model_fails_within_2_s_naming_it_and_every_folder_without_a_request()
    {
        var (error, elapsed) = await StartAsync(Pipeline(allowDownload: false));

        Assert.That(error, Is.InstanceOf<ModelLoadException>());
        Assert.That(error!.Message, Does.Contain($"Model '{Model}' is not installed and downloading is off (offline mode)"));
        Assert.That(Searched, Is.All.Matches<string>(error.Message.Contains), error.Message);
        Assert.That(_handler.Requests, Is.Empty, "no connection is attempted");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        TestContext.Out.WriteLine($"failed after {elapsed.TotalMilliseconds:F0} ms: {error.Message}");
    }

    [Test]
    public async Task The_environment_variable_is_offline_mode_even_when_the_options_allow_downloads()
    {
        using var offline = new EnvironmentScope(new Dictionary<string, string?> { [ModelDownloadOptions.OfflineVariable] = "1" });
        var (error, elapsed) = await StartAsync(Pipeline(allowDownload: true));

        Assert.That(error, Is.InstanceOf<ModelLoadException>());
        Assert.That(error!.Message, Does.Contain($"Model '{Model}' is not installed and downloading is off (offline mode: PADDLEINFERENCESHARP_OFFLINE is set)"));
        Assert.That(Searched, Is.All.Matches<string>(error.Message.Contains), error.Message);
        Assert.That(_handler.Requests, Is.Empty, "no connection is attempted");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task With_downloads_allowed_the_same_start_asks_the_handler_for_the_model()
    {
        // The control for the two tests above: the handler is the one the pipelines download through.
        var (error, _) = await StartAsync(Pipeline(allowDownload: true));

        Assert.That(error, Is.InstanceOf<ModelLoadException>());
        Assert.That(error!.Message, Does.Contain($"Cannot download model '{Model}'"));
        Assert.That(_handler.Requests, Is.Not.Empty.And.All.EqualTo(new Uri(ModelDownloadOptions.PaddleXBaseUrl + Model + "_infer.tar")));
    }

    [Test]
    public async Task Offline_with_every_model_installed_serves_as_before()
    {
        var pipeline = Pipeline(allowDownload: false) with
        {
            ModelCacheDir = TestPaths.Models,
            TextDetectionModelDir = null,
            TextDetectionModelName = "PP-OCRv4_mobile_det",
            TextRecognitionModelDir = null,
            TextRecognitionModelName = "PP-OCRv4_mobile_rec",
            TextLineOrientationModelName = "ch_ppocr_mobile_v2.0_cls",
        };
        var image = Path.Combine(_caches.Root, "offline.png");
        ImageMagick.RenderText(image, ["Offline 2048"]);

        await using var server = await TestServers.StartAsync(new OcrServerOptions { Pipeline = pipeline, Workers = 1 });
        using var client = TestServers.Client(server);
        var (status, body, _) = await TestServers.PostAsync(client, new JsonObject { ["file"] = TestServers.Base64Of(image), ["fileType"] = 1, ["visualize"] = false });

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That(TestServers.Texts(body).Select(t => t.Replace(" ", "", StringComparison.Ordinal)), Is.EqualTo(new[] { "Offline2048" }));
        Assert.That((bool)body["result"]!["ocrResults"]![0]!["prunedResult"]!["model_settings"]!["use_textline_orientation"]!, Is.True);
        Assert.That(_handler.Requests, Is.Empty);
    }

    // Records each request and fails it without touching the network.
    private sealed class RefusingHandler : HttpMessageHandler
    {
        private readonly List<Uri?> _requests = [];

        public IReadOnlyList<Uri?> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add(request.RequestUri);
            }

            throw new HttpRequestException("this test forbids connections", null, HttpStatusCode.ServiceUnavailable);
        }
    }
}

using System.Text.Json.Nodes;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.Tests;

/// <summary>Queue limits, timeouts, client aborts, readiness and graceful shutdown on a one-worker server.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ServerLifecycleTests
{
    private static JsonObject ValidRequest() => new()
    {
        ["file"] = TestServers.Base64Of(Path.Combine(TestPaths.RequiredShared("eval", "dev"), "syn_001.png")),
        ["fileType"] = 1,
    };

    private static Task<OcrServer> OneWorker(TimeSpan? timeout = null) => TestServers.StartAsync(new OcrServerOptions
    {
        Pipeline = TestServers.Pipeline(),
        Workers = 1,
        QueueCapacity = 1,
        RetryAfterSeconds = 2,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(120),
    });

    // Occupies the only worker until the returned gate is set.
    private static (ManualResetEventSlim Gate, Task Job) BlockWorker(OcrServer server)
    {
        var gate = new ManualResetEventSlim();
        var job = server.Pool.RunAsync((_, _) => gate.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None);
        SpinWait.SpinUntil(() => server.Pool.Busy == 1, TimeSpan.FromSeconds(10));
        return (gate, job);
    }

    [Test]
    public async Task Full_queue_answers_503_with_Retry_After()
    {
        await using var server = await OneWorker();
        using var client = TestServers.Client(server);
        var (gate, job) = BlockWorker(server);
        var queued = server.Pool.RunAsync((_, _) => 0, CancellationToken.None);
        try
        {
            var (status, body, response) = await TestServers.PostAsync(client, ValidRequest());
            TestServers.AssertError(status, body, 503, "busy");
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            gate.Set();
        }

        await Task.WhenAll(job, queued);
        var (after, _, _) = await TestServers.PostAsync(client, ValidRequest());
        Assert.That(after, Is.EqualTo(200), "served again once the queue drained");
    }

    [Test]
    public async Task Request_over_the_time_limit_answers_504()
    {
        await using var server = await OneWorker(TimeSpan.FromSeconds(1));
        using var client = TestServers.Client(server);
        var (gate, job) = BlockWorker(server);
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (status, body, _) = await TestServers.PostAsync(client, ValidRequest());
            TestServers.AssertError(status, body, 504, "longer than the server's limit");
            Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "answered while the worker is still busy");
        }
        finally
        {
            gate.Set();
        }

        await job;
    }

    [Test]
    public async Task Client_going_away_cancels_its_queued_request()
    {
        await using var server = await OneWorker();
        using var client = TestServers.Client(server);
        var (gate, job) = BlockWorker(server);
        using (var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            Assert.That(async () => await TestServers.PostAsync(client, ValidRequest(), abort.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        // Answered (and recorded) while the worker is still busy: the queued request does not wait for it.
        var recorded = SpinWait.SpinUntil(() => server.Metrics.Count(499) == 1, TimeSpan.FromSeconds(10));
        gate.Set();
        await job;

        Assert.That(recorded, Is.True, "recorded as client-closed while still queued");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("ocr_pages_total 0"), "the cancelled request never ran");
    }

    [Test]
    public async Task Shutdown_finishes_the_request_in_flight_and_then_refuses()
    {
        var server = await OneWorker();
        using var client = TestServers.Client(server);
        var inFlight = TestServers.PostAsync(client, ValidRequest());
        SpinWait.SpinUntil(() => server.Pool.Busy == 1, TimeSpan.FromSeconds(10));

        await server.StopAsync();
        var (status, body, _) = await inFlight;

        Assert.That(status, Is.EqualTo(200));
        Assert.That(TestServers.Texts(body), Does.Contain("Date: 17.03.2017"));
        Assert.That(async () => await client.GetAsync("/health"), Throws.InstanceOf<HttpRequestException>());
        await server.DisposeAsync();
    }

    [Test]
    public async Task Readiness_is_503_until_the_pipelines_are_loaded()
    {
        var server = OcrServer.Create(new OcrServerOptions { Host = "127.0.0.1", Port = 0, Pipeline = TestServers.Pipeline(), Workers = 1 }, logging => { });
        await using (server)
        {
            await server.StartAsync();
            using var client = TestServers.Client(server);
            var first = await client.GetAsync("/health/ready");
            await server.Ready;
            var later = await client.GetAsync("/health/ready");

            // Loading may finish before the first probe; either way the later probe is ready.
            Assert.That((int)first.StatusCode, Is.AnyOf(200, 503));
            Assert.That((int)later.StatusCode, Is.EqualTo(200));
        }
    }

    [Test]
    public async Task A_pipeline_that_cannot_load_fails_readiness_and_answers_503()
    {
        var broken = TestServers.Pipeline() with { TextDetectionModelDir = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N")) };
        var server = OcrServer.Create(new OcrServerOptions { Host = "127.0.0.1", Port = 0, Pipeline = broken, Workers = 1 }, logging => { });
        await using (server)
        {
            await server.StartAsync();
            Assert.That(async () => await server.Ready, Throws.Exception);
            using var client = TestServers.Client(server);
            var ready = await client.GetAsync("/health/ready");
            var (status, body, _) = await TestServers.PostAsync(client, ValidRequest());

            Assert.That((int)ready.StatusCode, Is.EqualTo(503));
            TestServers.AssertError(status, body, 503, "failed to load");
        }
    }
}

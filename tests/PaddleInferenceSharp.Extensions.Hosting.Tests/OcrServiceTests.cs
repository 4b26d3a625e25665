using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Results;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Extensions.Hosting.Tests;

/// <summary>The pool of pipelines behind IOcrService, on the PP-OCRv4 models and small rendered text images.</summary>
[NonParallelizable]
public sealed class OcrServiceTests
{
    private static readonly string[][] Pages =
    [
        ["Invoice No. 2019-67411", "Total 38.46"],
        ["Please sign the attached form"],
        ["Meeting moved to floor 2", "Date: 06.08.2018"],
        ["Thank you for choosing us"],
    ];

    private string _dir = null!;
    private byte[][] _images = null!;

    private static OcrPipelineOptions Pipeline => new()
    {
        UseDocOrientationClassify = false,
        UseDocUnwarping = false,
        UseTextlineOrientation = false,
        RetainImages = false,
        CpuThreads = 1,
        TextRecognitionParallelRuns = 1,
        TextDetectionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
        TextRecognitionModelDir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
    };

    [OneTimeSetUp]
    public void RenderImages()
    {
        _dir = TestPaths.NewTempDirectory("ocr-service");
        _images = Pages.Select((lines, i) =>
        {
            var path = Path.Combine(_dir, $"page{i}.png");
            ImageMagick.RenderText(path, lines, 28);
            return File.ReadAllBytes(path);
        }).ToArray();
    }

    [OneTimeTearDown]
    public void DeleteImages() => Directory.Delete(_dir, true);

    [Test]
    public async Task Eight_callers_times_100_requests_on_two_pipelines_equal_one_pipeline()
    {
        OcrResult[] expected;
        using (var single = OcrPipeline.Create(Pipeline))
        {
            expected = _images.Select((image, i) => single.Predict(image, $"page{i}.png")).ToArray();
        }

        Assert.That(expected.Select(r => string.Join(" ", r.RecTexts)), Has.Some.Contains("2019-67411"), "the rendered text is read");
        using var service = new OcrService(new OcrServiceOptions { Pipeline = Pipeline, Workers = 2, Threads = 1, QueueCapacity = 64 });
        await service.Ready;

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; n < 100; n++)
            {
                var i = (caller + n) % _images.Length;
                var result = n % 2 == 0
                    ? await service.PredictAsync(_images[i], $"page{i}.png")
                    : await service.PredictAsync(new MemoryStream(_images[i]), $"page{i}.png");
                if (!Same(result, expected[i]))
                {
                    failures.Add($"caller {caller} request {n} image {i}: {string.Join("|", result.RecTexts)}");
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);

        Assert.That(failures, Is.Empty);
        Assert.That(service.Pool.Workers, Is.EqualTo(2));
    }

    [Test]
    public async Task A_cancelled_call_frees_its_place_in_the_queue()
    {
        using var service = await OneWorkerOneQueuePlace();
        using var gate = new ManualResetEventSlim();
        var running = service.RunAsync((_, _) => gate.Wait(TimeSpan.FromMinutes(1)));
        SpinWait.SpinUntil(() => service.Pool.Busy == 1, TimeSpan.FromSeconds(10));

        using var cancel = new CancellationTokenSource();
        var queued = service.PredictAsync(_images[0], "page0.png", cancellationToken: cancel.Token);
        Assert.That(() => service.PredictAsync(_images[1], "page1.png"), Throws.TypeOf<OcrPoolRejectedException>().With.Property(nameof(OcrPoolRejectedException.Reason)).EqualTo(OcrPoolRejection.Busy));

        cancel.Cancel();
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());

        // The worker is still held, yet the cancelled call's place is free: the next call is taken and waits.
        Assert.That(service.Pool.QueueLength, Is.Zero);
        var next = service.PredictAsync(_images[1], "page1.png");
        Assert.That(next.IsFaulted, Is.False, () => next.Exception!.InnerException!.Message);
        Assert.That(service.Pool.QueueLength, Is.EqualTo(1));

        gate.Set();
        Assert.That(await running, Is.True);
        Assert.That(string.Join(" ", (await next).RecTexts), Does.Contain("sign"));
    }

    [Test]
    public async Task Borrowed_input_is_released_only_once_no_worker_reads_it()
    {
        using var service = await OneWorkerOneQueuePlace();
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var releasedRunning = 0;
        var releasedQueued = 0;
        var runningJob = new BorrowingJob<int>((_, _) =>
        {
            started.Set();
            gate.Wait(TimeSpan.FromMinutes(1));
            return 1;
        }, () => Interlocked.Increment(ref releasedRunning));
        var queuedRan = false;
        var queuedJob = new BorrowingJob<int>((_, _) => { queuedRan = true; return 2; }, () => Interlocked.Increment(ref releasedQueued));

        using var cancelRunning = new CancellationTokenSource();
        using var cancelQueued = new CancellationTokenSource();
        var running = service.Pool.RunAsync(runningJob.Run, cancelRunning.Token);
        Assert.That(started.Wait(TimeSpan.FromSeconds(10)), Is.True);
        var queued = service.Pool.RunAsync(queuedJob.Run, cancelQueued.Token);

        // Both callers are answered at once.
        cancelRunning.Cancel();
        cancelQueued.Cancel();
        Assert.That(async () => await running, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        runningJob.Abandon();
        queuedJob.Abandon();

        // The queued job never starts: its input goes back now. The running one still reads its input until it ends.
        Assert.That((queuedJob.Settled.IsCompleted, releasedQueued), Is.EqualTo((true, 1)));
        Assert.That((runningJob.Settled.IsCompleted, releasedRunning), Is.EqualTo((false, 0)));

        gate.Set();
        await runningJob.Settled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(releasedRunning, Is.EqualTo(1));
        var next = await service.PredictAsync(_images[3], "page3.png");
        Assert.That(string.Join(" ", next.RecTexts), Does.Contain("choosing"));
        Assert.That((queuedRan, releasedQueued), Is.EqualTo((false, 1)), "the cancelled queued job never ran and was released once");
    }

    [Test]
    public async Task A_call_cancelled_while_it_runs_ends_cancelled_and_the_worker_serves_the_next()
    {
        using var service = await OneWorkerOneQueuePlace();
        using var cancel = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var job = service.RunAsync((_, ct) =>
        {
            started.Set();
            ct.WaitHandle.WaitOne(TimeSpan.FromMinutes(1));
            ct.ThrowIfCancellationRequested();
            return 0;
        }, cancel.Token);
        started.Wait(TimeSpan.FromSeconds(10));
        cancel.Cancel();
        Assert.That(async () => await job, Throws.InstanceOf<OperationCanceledException>());
        var next = await service.PredictAsync(_images[3], "page3.png");
        Assert.That(string.Join(" ", next.RecTexts), Does.Contain("choosing"));
    }

    [Test]
    public async Task AddPaddleOcr_binds_PaddleX_names_from_configuration_and_reports_health()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PaddleOcr:use_doc_orientation_classify"] = "False",
            ["PaddleOcr:use_doc_unwarping"] = "False",
            ["PaddleOcr:UseTextlineOrientation"] = "false",
            ["PaddleOcr:text_detection_model_dir"] = TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
            ["PaddleOcr:text_recognition_model_dir"] = TestPaths.RequiredModel("PP-OCRv4_mobile_rec"),
            ["PaddleOcr:text_det_limit_side_len"] = "736",
            ["PaddleOcr:text_det_limit_type"] = "min",
            ["PaddleOcr:text_rec_score_thresh"] = "0.25",
            ["PaddleOcr:engine"] = "onnxruntime",
            ["PaddleOcr:workers"] = "1",
            ["PaddleOcr:cpu_threads"] = "1",
            ["PaddleOcr:queue_size"] = "5",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPaddleOcr(configuration.GetSection("PaddleOcr"));
        services.AddHealthChecks().AddPaddleOcr();
        await using var provider = services.BuildServiceProvider();

        var service = provider.GetRequiredService<OcrService>();
        Assert.That(provider.GetRequiredService<IOcrService>(), Is.SameAs(service));
        var o = service.Options;
        Assert.That((o.Pipeline.UseDocOrientationClassify, o.Pipeline.UseDocUnwarping, o.Pipeline.UseTextlineOrientation), Is.EqualTo((false, false, false)));
        Assert.That((o.Pipeline.TextDetection.LimitSideLen, o.Pipeline.TextDetection.LimitType), Is.EqualTo((736, LimitType.Min)));
        Assert.That((o.Pipeline.TextRecScoreThresh, o.Workers, o.Threads, o.QueueCapacity), Is.EqualTo((0.25, 1, 1, 5)));
        Assert.That(o.Pipeline.Engine, Is.EqualTo(Engine.InferenceEngineKind.OnnxRuntime));

        await service.Ready;
        var health = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Healthy), string.Join("; ", health.Entries.Select(e => $"{e.Key}: {e.Value.Description}")));
        var result = await service.PredictAsync(_images[0], "page0.png");
        Assert.That(string.Join(" ", result.RecTexts), Does.Contain("2019-67411"));
    }

    [TestCase("text_det_thresh", "high", "'high'")]
    [TestCase("no_such_key", "1", "expected one of: cpu_threads")]
    [TestCase("device", "gpu:x", "'gpu:x'")]
    public void A_bad_configuration_key_or_value_is_named(string key, string value, string alsoSaid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PaddleOcr:" + key] = value }).Build();
        Assert.That(() => OcrServiceConfiguration.Bind(configuration.GetSection("PaddleOcr")),
            Throws.InvalidOperationException.With.Message.Contains("PaddleOcr:" + key).And.Message.Contains(alsoSaid));
    }

    [TestCase("gpu:1", "gpu:1", "")]
    [TestCase("gpu:1,2", "gpu:1", "gpu:1|gpu:2")]
    [TestCase("npu:0,npu:3", "npu:0", "npu:0|npu:3")]
    public void Device_takes_one_device_or_PaddleXs_list_of_several(string value, string pipelineDevice, string devices)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PaddleOcr:device"] = value }).Build();
        var options = OcrServiceConfiguration.Bind(configuration.GetSection("PaddleOcr"));
        Assert.That((options.Pipeline.Device.ToString(), string.Join("|", options.Devices)), Is.EqualTo((pipelineDevice, devices)));
    }

    [TestCase("offline", "True", false)]
    [TestCase("Offline", "1", false)]
    [TestCase("offline", "false", true)]
    public void Offline_mode_is_a_configuration_key(string key, string value, bool downloadsAllowed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PaddleOcr:" + key] = value }).Build();
        Assert.That(OcrServiceConfiguration.Bind(configuration.GetSection("PaddleOcr")).Pipeline.AllowModelDownload, Is.EqualTo(downloadsAllowed));
    }

    [Test]
    public async Task The_health_check_is_unhealthy_naming_a_missing_model_directory()
    {
        var missing = Path.Combine(_dir, "no-such-model");
        var services = new ServiceCollection().AddLogging();
        services.AddPaddleOcr(o => o with { Workers = 1, Pipeline = Pipeline with { TextDetectionModelDir = missing } });
        services.AddHealthChecks().AddPaddleOcr();
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<OcrService>();
        Assert.That(async () => await service.Ready, Throws.Exception);

        var health = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(health.Entries["paddleocr"].Description, Does.Contain(missing));
        Assert.That(() => service.PredictAsync(_images[0]), Throws.TypeOf<OcrPoolRejectedException>().With.Property(nameof(OcrPoolRejectedException.Reason)).EqualTo(OcrPoolRejection.LoadFailed));
    }

    // One worker and one queue place: the smallest pool in which busy, queued and cancelled calls can be told apart.
    private static async Task<OcrService> OneWorkerOneQueuePlace()
    {
        var service = new OcrService(new OcrServiceOptions { Pipeline = Pipeline, Workers = 1, Threads = 1, QueueCapacity = 1 });
        await service.Ready;
        return service;
    }

    private static bool Same(OcrResult a, OcrResult b) =>
        a.RecTexts.SequenceEqual(b.RecTexts) && a.RecScores.SequenceEqual(b.RecScores) && a.RecPolys.SequenceEqual(b.RecPolys) && a.DtPolys.SequenceEqual(b.DtPolys);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.E2e;

/// <summary>Runs the pipeline over a folder repeatedly and reports quality inputs, latency, throughput, memory and stages.</summary>
internal sealed class E2eHarness(HarnessOptions.Settings settings, OcrPipelineOptions options, TextWriter output)
{
    private static readonly OcrStage[] InferenceStages = [OcrStage.DetInference, OcrStage.RecInference];

    public int Run()
    {
        var files = InputFiles.Expand([settings.Input]).Where(f => !f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"error: no images in '{settings.Input}'");
            return 3;
        }

        Directory.CreateDirectory(settings.Output);
        var loadStarted = Stopwatch.GetTimestamp();
        var pipelines = new OcrPipeline[settings.Workers];
        // --engine_only: the pipeline runs on a recording wrapper of its usual engine, which it then owns no longer.
        var recorder = settings.EngineOnly ? new EngineRecorder(OcrPipeline.CreateEngine(options)) : null;
        for (var i = 0; i < pipelines.Length; i++)
        {
            pipelines[i] = OcrPipeline.Create(options, engine: recorder);
        }

        var loadMs = Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds;
        try
        {
            foreach (var file in files.Take(Math.Max(1, files.Length)))
            {
                for (var w = 0; w < settings.Warmup; w++)
                {
                    pipelines[0].Predict(file);
                }
            }

            return settings.Workers == 1 ? RunLatency(pipelines[0], files, loadMs, recorder) : RunThroughput(pipelines, files, loadMs);
        }
        finally
        {
            foreach (var p in pipelines)
            {
                p.Dispose();
            }

            recorder?.Dispose();
        }
    }

    // One pipeline: per-image times (median of the repeats), stage breakdown, memory growth.
    private int RunLatency(OcrPipeline pipeline, string[] files, double loadMs, EngineRecorder? recorder)
    {
        var timings = new StageTimings();
        pipeline.Timings = timings;
        var times = files.ToDictionary(f => f, _ => new List<double>());
        var results = new Dictionary<string, OcrResult>();
        long? rssAt100 = null, rssAt1000 = null;
        var processed = 0;
        var wall = Stopwatch.StartNew();
        for (var r = 0; r < settings.Repeat; r++)
        {
            foreach (var file in files)
            {
                var started = Stopwatch.GetTimestamp();
                results[file] = pipeline.Predict(file);
                times[file].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                processed++;
                if (processed == 100)
                {
                    rssAt100 = ProcessMemory.ResidentBytes();
                }
                else if (processed == 1000)
                {
                    rssAt1000 = ProcessMemory.ResidentBytes();
                }
            }
        }

        wall.Stop();
        var perImage = files.Select(f => Median(times[f])).ToArray();
        foreach (var file in files)
        {
            WritePrediction(file, results[file], Median(times[file]));
        }

        var sorted = perImage.Order().ToArray();
        var median = Percentile(sorted, 0.5);
        var p90 = Percentile(sorted, 0.9);
        var imagesPerSecond = processed / wall.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakResidentBytes();
        WriteMeta(loadMs, peak, median, p90, imagesPerSecond, timings, processed, rssAt100, rssAt1000);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images: {files.Length} x {settings.Repeat} runs (warm-up {settings.Warmup}), engine {pipeline.Engine.RuntimeDescription}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model load: {loadMs:F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per image: median {median:F1} ms, p90 {p90:F1} ms; throughput {imagesPerSecond:F2} images/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {peak / 1048576.0:F0} MB"));
        if (rssAt100 is { } a)
        {
            var end = ProcessMemory.ResidentBytes();
            var after = rssAt1000 is { } b
                ? string.Create(CultureInfo.InvariantCulture, $", after 1000: {b / 1048576.0:F0} MB (x{(double)b / a:F3})")
                : string.Create(CultureInfo.InvariantCulture, $", after {processed}: {end / 1048576.0:F0} MB (x{(double)end / a:F3})");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS after 100 images: {a / 1048576.0:F0} MB{after}"));
        }

        PrintStages(timings, wall.Elapsed, processed);
        if (recorder is not null)
        {
            ReportEngineOnly(pipeline, files, perImage, recorder);
        }

        return 0;
    }

    // --engine_only: one recording pass, then the recorded calls replayed --repeat times; per image the median of
    // each, and our time over the engine's, both as the ratio of the medians and of the totals over all images.
    private void ReportEngineOnly(OcrPipeline pipeline, string[] files, double[] pipelineMs, EngineRecorder recorder)
    {
        pipeline.Timings = null;
        var recorded = new List<RecordedCall>[files.Length];
        recorder.Recording = true;
        try
        {
            for (var i = 0; i < files.Length; i++)
            {
                pipeline.Predict(files[i]);
                recorded[i] = recorder.Take();
            }
        }
        finally
        {
            recorder.Recording = false;
        }

        try
        {
            var times = files.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < settings.Repeat; r++)
            {
                for (var i = 0; i < files.Length; i++)
                {
                    times[i].Add(EngineReplay.Run(recorded[i]).TotalMilliseconds);
                }
            }

            var engineMs = times.Select(Median).ToArray();
            var ours = Percentile(pipelineMs.Order().ToArray(), 0.5);
            var engine = Percentile(engineMs.Order().ToArray(), 0.5);
            var calls = recorded.Sum(c => c.Count);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine only: {calls} run calls recorded, replayed {settings.Repeat} times; per image median {engine:F1} ms, total {engineMs.Sum():F0} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline / engine: x{ours / engine:F3} (medians), x{pipelineMs.Sum() / engineMs.Sum():F3} (totals: {pipelineMs.Sum():F0} ms / {engineMs.Sum():F0} ms)"));
            var metaPath = Path.Combine(settings.Output, "_meta.json");
            var meta = JsonNode.Parse(File.ReadAllText(metaPath))!.AsObject();
            meta["engine_only"] = new JsonObject
            {
                ["run_calls"] = calls,
                ["median_ms"] = Math.Round(engine, 2),
                ["total_ms"] = Math.Round(engineMs.Sum(), 1),
                ["pipeline_total_ms"] = Math.Round(pipelineMs.Sum(), 1),
                ["ratio_of_medians"] = Math.Round(ours / engine, 4),
                ["ratio_of_totals"] = Math.Round(pipelineMs.Sum() / engineMs.Sum(), 4),
            };
            File.WriteAllText(metaPath, meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        finally
        {
            foreach (var call in recorded.Where(c => c is not null).SelectMany(c => c))
            {
                foreach (var input in call.Inputs)
                {
                    input.Tensor.Dispose();
                }
            }
        }
    }

    // N pipelines on N threads taking images from one queue: images per second.
    private int RunThroughput(OcrPipeline[] pipelines, string[] files, double loadMs)
    {
        var queue = new ConcurrentQueue<string>(Enumerable.Range(0, settings.Repeat).SelectMany(_ => files));
        var total = queue.Count;
        var timings = pipelines.Select(_ => new StageTimings()).ToArray();
        for (var i = 0; i < pipelines.Length; i++)
        {
            pipelines[i].Timings = timings[i];
        }

        var wall = Stopwatch.StartNew();
        var threads = pipelines.Select((pipeline, i) => new Thread(() =>
        {
            while (queue.TryDequeue(out var file))
            {
                pipeline.Predict(file);
            }
        }) { Name = $"worker {i}" }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        wall.Stop();
        var merged = new StageTimings();
        foreach (var t in timings)
        {
            merged.Add(t);
        }

        var imagesPerSecond = total / wall.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakResidentBytes();
        WriteMeta(loadMs, peak, null, null, imagesPerSecond, merged, total, null, null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images: {total} on {pipelines.Length} workers, engine {pipelines[0].Engine.RuntimeDescription}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model load: {loadMs:F0} ms for {pipelines.Length} pipelines"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {imagesPerSecond:F2} images/s ({wall.Elapsed.TotalSeconds:F1} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {peak / 1048576.0:F0} MB"));
        PrintStages(merged, TimeSpan.FromTicks(wall.Elapsed.Ticks * pipelines.Length), total);
        return 0;
    }

    private void PrintStages(StageTimings timings, TimeSpan wall, int images)
    {
        output.WriteLine("stage            ms/image   share of wall time");
        foreach (var stage in Enum.GetValues<OcrStage>())
        {
            var ms = timings[stage].TotalMilliseconds / images;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-16} {ms,9:F2}   {timings[stage] / wall * 100,6:F1} %"));
        }

        var inference = InferenceStages.Sum(s => timings[s].TotalMilliseconds);
        var outside = wall.TotalMilliseconds - inference;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outside the engine's inference calls: {outside / images:F2} ms/image = {outside / wall.TotalMilliseconds * 100:F1} % of wall time"));
    }

    private void WritePrediction(string file, OcrResult result, double ms)
    {
        var lines = new JsonArray();
        for (var i = 0; i < result.RecTexts.Count; i++)
        {
            var q = result.RecPolys[i];
            lines.Add(new JsonObject
            {
                ["text"] = result.RecTexts[i],
                ["poly"] = new JsonArray(new JsonArray(q.P0.X, q.P0.Y), new JsonArray(q.P1.X, q.P1.Y), new JsonArray(q.P2.X, q.P2.Y), new JsonArray(q.P3.X, q.P3.Y)),
                ["score"] = (double)result.RecScores[i],
            });
        }

        var json = new JsonObject { ["lines"] = lines, ["ms"] = Math.Round(ms, 2) };
        File.WriteAllText(Path.Combine(settings.Output, Path.GetFileNameWithoutExtension(file) + ".json"), json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private void WriteMeta(double loadMs, long peak, double? median, double? p90, double imagesPerSecond, StageTimings timings, int images, long? rss100, long? rss1000)
    {
        var stages = new JsonObject();
        foreach (var stage in Enum.GetValues<OcrStage>())
        {
            stages[stage.ToString()] = Math.Round(timings[stage].TotalMilliseconds / images, 3);
        }

        var meta = new JsonObject
        {
            ["tool"] = "PaddleInferenceSharp.E2e",
            ["load_ms"] = Math.Round(loadMs, 1),
            ["peak_rss_kb"] = peak / 1024,
            ["median_ms"] = median is null ? null : Math.Round(median.Value, 2),
            ["p90_ms"] = p90 is null ? null : Math.Round(p90.Value, 2),
            ["images_per_s"] = Math.Round(imagesPerSecond, 3),
            ["workers"] = settings.Workers,
            ["repeat"] = settings.Repeat,
            ["images_processed"] = images,
            ["rss_after_100_kb"] = rss100 / 1024,
            ["rss_after_1000_kb"] = rss1000 / 1024,
            ["stage_ms_per_image"] = stages,
        };
        File.WriteAllText(Path.Combine(settings.Output, "_meta.json"), meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double Median(List<double> values) => Percentile(values.Order().ToArray(), 0.5);

    private static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}

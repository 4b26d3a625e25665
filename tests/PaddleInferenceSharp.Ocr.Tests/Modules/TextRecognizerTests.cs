using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Modules;

public sealed class TextRecognizerTests
{
    private static readonly string[] Lines =
    [
        "Hi",
        "Total amount 42.50 EUR",
        "Thank you for your order and see you again soon at our shop",
        "Invoice 2024-0117",
        "Delivery address: 12 Long Street, Springfield, 4020 Somewhere",
        "OK",
    ];

    [Test]
    public void Wide_batches_run_in_groups_at_the_batch_width_and_give_the_answers_of_one_run()
    {
        var crops = RenderLines("rec-groups");
        try
        {
            var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            var whole = new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default));
            var grouped = new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default));
            using var one = new TextRecognizer(whole, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 100_000 });
            using var split = new TextRecognizer(grouped, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 1000 });

            var a = one.Predict(crops, returnWordBox: true);
            var b = split.Predict(crops, returnWordBox: true);

            // The widest crop pads the batch to more than 500 columns: one crop per run of at most 1,000 columns.
            var widest = crops.Max(c => one.TargetWidths(c.Width, c.Height).PaddedWidth);
            Assert.That(widest, Is.GreaterThan(500));
            Assert.That(whole.Runs, Is.EqualTo(1));
            Assert.That(grouped.Runs, Is.EqualTo(Lines.Length));
            Assert.That(b.Select(r => r.Text), Is.EqualTo(a.Select(r => r.Text)));
            Assert.That(b.Select(r => r.Score), Is.EqualTo(a.Select(r => r.Score)));
            Assert.That(b.Select(r => r.Columns), Is.EqualTo(a.Select(r => r.Columns)));
            Assert.That(V4Pipelines.NoSpaces(a.Select(r => r.Text)), Is.EqualTo(V4Pipelines.NoSpaces(Lines)));
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public void Parallel_runs_on_predictor_clones_give_the_answers_of_one_run()
    {
        var crops = RenderLines("rec-parallel");
        try
        {
            var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            using var one = new TextRecognizer(engine.CreatePredictor(model.Source, PredictorOptions.Default), model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 100_000 });
            var counted = new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default));
            // Two runs at a time share the 2,000-column budget: one crop per run, six runs over two predictors.
            using var parallel = new TextRecognizer(counted, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 2000, ParallelRuns = 2 });
            var timings = new Diagnostics.StageTimings();

            // Create loads the model once per parallel run, each with its share of the threads.
            using var loaded = TextRecognizer.Create(engine, model, new PredictorOptions { CpuThreads = 2 }, new TextRecognizerOptions { MaxColumnsPerRun = 2000, ParallelRuns = 2 });

            var a = one.Predict(crops, returnWordBox: true);
            var b = parallel.Predict(crops, returnWordBox: true, timings: timings);
            var c = loaded.Predict(crops, returnWordBox: true);

            Assert.That(c.Select(r => r.Text), Is.EqualTo(a.Select(r => r.Text)));
            Assert.That(c.Select(r => r.Score), Is.EqualTo(a.Select(r => r.Score)));
            Assert.That(counted.Clones, Is.EqualTo(1));
            Assert.That(counted.Runs, Is.EqualTo(Lines.Length));
            Assert.That(b.Select(r => r.Text), Is.EqualTo(a.Select(r => r.Text)));
            Assert.That(b.Select(r => r.Score), Is.EqualTo(a.Select(r => r.Score)));
            Assert.That(b.Select(r => r.Columns), Is.EqualTo(a.Select(r => r.Columns)));
            Assert.That(timings[Diagnostics.OcrStage.RecInference], Is.GreaterThan(TimeSpan.Zero));
            Assert.That(timings[Diagnostics.OcrStage.RecPre], Is.GreaterThan(TimeSpan.Zero));
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public void Side_by_side_every_crop_is_its_own_run_and_one_after_another_the_batch_is_one()
    {
        var crops = RenderLines("rec-per-crop");
        try
        {
            var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            var sequential = new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default));
            var parallel = new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default));
            using var one = new TextRecognizer(sequential, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 100_000 });
            using var two = new TextRecognizer(parallel, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 100_000, ParallelRuns = 2 });
            var a = one.Predict(crops);
            var b = two.Predict(crops);
            Assert.That(sequential.Runs, Is.EqualTo(1));
            Assert.That(parallel.Runs, Is.EqualTo(Lines.Length));
            Assert.That(b.Select(r => r.Text), Is.EqualTo(a.Select(r => r.Text)));
            Assert.That(b.Select(r => r.Score), Is.EqualTo(a.Select(r => r.Score)));
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public void A_failing_parallel_run_surfaces_its_own_exception_and_cancellation_stays_cancellation()
    {
        var crops = RenderLines("rec-parallel-fail");
        try
        {
            var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            var options = new TextRecognizerOptions { MaxColumnsPerRun = 2000, ParallelRuns = 2 };
            using var failing = new TextRecognizer(new CountingPredictor(engine.CreatePredictor(model.Source, PredictorOptions.Default)) { FailAtRun = 3 }, model.ResolveDictionary(null), model.Config, options);
            Assert.That(() => failing.Predict(crops), Throws.TypeOf<InferenceEngineException>().With.Message.Contains("run 3 failed on purpose"));

            using var cancelled = new TextRecognizer(engine.CreatePredictor(model.Source, PredictorOptions.Default), model.ResolveDictionary(null), model.Config, options);
            Assert.That(() => cancelled.Predict(crops, cancellationToken: new CancellationToken(true)), Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public void A_column_budget_that_is_not_positive_is_rejected()
    {
        var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
        using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
        using var predictor = engine.CreatePredictor(model.Source, PredictorOptions.Default);
        Assert.That(() => new TextRecognizer(predictor, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("column budget"));
    }

    // The lines rendered by ImageMagick and cut as the detector would: tight, with a few pixels of margin.
    private static List<BgrImage> RenderLines(string name)
    {
        var temp = TestPaths.NewTempDirectory(name);
        var crops = new List<BgrImage>();
        try
        {
            for (var i = 0; i < Lines.Length; i++)
            {
                var path = Path.Combine(temp, $"line{i}.png");
                ImageMagick.RenderText(path, [Lines[i]]);
                ImageMagick.Run([path, "-trim", "+repage", "-bordercolor", "white", "-border", "6", path]);
                crops.Add(ImageDecoder.DecodeFile(path));
            }

            return crops;
        }
        catch
        {
            crops.ForEach(c => c.Dispose());
            throw;
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    /// <summary>Counts the model runs of a predictor and its clones; the run numbered <c>FailAtRun</c> throws.</summary>
    private sealed class CountingPredictor(IPredictor inner, CountingPredictor.Counters? counters = null) : IPredictor
    {
        private readonly Counters _counters = counters ?? new Counters();

        public int Runs => _counters.Runs;

        public int Clones => _counters.Clones;

        public int FailAtRun { get => _counters.FailAtRun; init => _counters.FailAtRun = value; }

        public string ModelName => inner.ModelName;
        public IReadOnlyDictionary<string, string> Settings => inner.Settings;

        public IReadOnlyList<TensorInfo> Inputs => inner.Inputs;

        public IReadOnlyList<TensorInfo> Outputs => inner.Outputs;

        public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _counters.Runs) == _counters.FailAtRun)
            {
                throw new InferenceEngineException($"run {_counters.FailAtRun} failed on purpose");
            }

            return inner.Run(inputs, cancellationToken);
        }

        public IPredictor Clone()
        {
            Interlocked.Increment(ref _counters.Clones);
            return new CountingPredictor(inner.Clone(), _counters);
        }

        public void Dispose() => inner.Dispose();

        public sealed class Counters
        {
            public int Runs;
            public int Clones;
            public int FailAtRun;
        }
    }
}

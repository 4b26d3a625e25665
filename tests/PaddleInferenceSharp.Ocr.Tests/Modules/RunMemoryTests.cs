using System.Collections.Concurrent;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Modules;

/// <summary>The memory rule each module's <c>Create</c> asks its engine for when the caller set none.</summary>
public sealed class RunMemoryTests
{
    [Test]
    public void The_pipelines_modules_keep_their_run_memory_and_only_outsized_det_and_rec_runs_give_it_back()
    {
        using var engine = new OptionsRecordingEngine(InferenceEngines.Create(InferenceEngineKind.OnnxRuntime));
        using var pipeline = OcrPipeline.Create(V4Pipelines.Options with { UseTextlineOrientation = true }, engine: engine);
        var page = TestPaths.NewTempDirectory("run-memory");
        try
        {
            var image = Path.Combine(page, "page.png");
            ImageMagick.RenderText(image, ["Invoice 2024-0117"]);
            Assert.That(V4Pipelines.NoSpaces(pipeline.Predict(image).RecTexts), Is.EqualTo(new[] { "Invoice2024-0117" }));
        }
        finally
        {
            Directory.Delete(page, true);
        }

        // det: pages up to 3 x 1,448 x 1,448 elements keep theirs; rec (48 rows high): runs up to 3 x 48 x 3,840
        // elements (the default column budget, wider than PaddleX's 3,200-column cap); the line classifier: always.
        Assert.That(engine.Rules("PP-OCRv4_mobile_det"), Is.EqualTo(new[] { ((int?)0, (long?)(3L * 1448 * 1448)) }));
        Assert.That(engine.Rules("PP-OCRv4_mobile_rec"), Is.Not.Empty.And.All.EqualTo(((int?)0, (long?)552_960)));
        Assert.That(engine.Rules("ch_ppocr_mobile_v2.0_cls"), Is.EqualTo(new[] { ((int?)0, (long?)null) }));
    }

    [Test]
    public void A_rule_the_caller_chose_is_passed_on_unchanged()
    {
        using var engine = new OptionsRecordingEngine(InferenceEngines.Create(InferenceEngineKind.OnnxRuntime));
        var rec = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
        var det = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_det"));
        var cls = ModelDirectory.Open(TestPaths.RequiredModel("ch_ppocr_mobile_v2.0_cls"));
        using (TextRecognizer.Create(engine, rec, PredictorOptions.Default with { ReleaseMemoryEveryRuns = 1 }))
        using (TextDetector.Create(engine, det, PredictorOptions.Default with { ReleaseMemoryAboveInputElements = 1000 }))
        using (TextLineOrientationClassifier.Create(engine, cls, PredictorOptions.Default with { ReleaseMemoryEveryRuns = 16 }))
        {
        }

        Assert.That(engine.Rules("PP-OCRv4_mobile_rec"), Is.EqualTo(new[] { ((int?)1, (long?)null) }));
        Assert.That(engine.Rules("PP-OCRv4_mobile_det"), Is.EqualTo(new[] { ((int?)null, (long?)1000) }));
        Assert.That(engine.Rules("ch_ppocr_mobile_v2.0_cls"), Is.EqualTo(new[] { ((int?)16, (long?)null) }));
    }

    [Test]
    public void The_recognisers_kept_size_follows_the_model_height_and_a_larger_column_budget()
    {
        // 3 channels x 32 rows x 3,200 columns (PaddleX's cap, above a budget of 1,000); x 64 rows x 5,000 columns.
        Assert.That(TextRecognizer.KeptInputElements(null, new TextRecognizerOptions { InputShape = (32, 320), MaxColumnsPerRun = 1000 }), Is.EqualTo(307_200));
        Assert.That(TextRecognizer.KeptInputElements(null, new TextRecognizerOptions { InputShape = (64, 320), MaxColumnsPerRun = 5000 }), Is.EqualTo(960_000));
        // No inference.yml: PaddleX's default 3 x 48 x 320 input, default budget 3,840.
        Assert.That(TextRecognizer.KeptInputElements(null, new TextRecognizerOptions()), Is.EqualTo(552_960));
    }

    private sealed class OptionsRecordingEngine(IInferenceEngine inner) : IInferenceEngine
    {
        private readonly ConcurrentQueue<(string Model, PredictorOptions Options)> _created = new();

        public string Name => inner.Name;

        public string RuntimeDescription => inner.RuntimeDescription;

        public (int? Every, long? Above)[] Rules(string modelDirectoryName) =>
            _created.Where(c => c.Model.Contains(modelDirectoryName, StringComparison.Ordinal))
                .Select(c => (c.Options.ReleaseMemoryEveryRuns, c.Options.ReleaseMemoryAboveInputElements)).ToArray();

        public bool CanLoad(ModelSource model) => inner.CanLoad(model);

        public IPredictor CreatePredictor(ModelSource model, PredictorOptions options)
        {
            _created.Enqueue((model.DisplayName, options));
            return inner.CreatePredictor(model, options);
        }

        public void Dispose() => inner.Dispose();
    }
}

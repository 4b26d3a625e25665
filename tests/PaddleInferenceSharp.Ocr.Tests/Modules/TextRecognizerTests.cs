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
        var temp = TestPaths.NewTempDirectory("rec-groups");
        var crops = new List<BgrImage>();
        try
        {
            for (var i = 0; i < Lines.Length; i++)
            {
                var path = Path.Combine(temp, $"line{i}.png");
                ImageMagick.RenderText(path, [Lines[i]]);
                // A text-line crop as the detector would cut it: tight, with a few pixels of margin.
                ImageMagick.Run([path, "-trim", "+repage", "-bordercolor", "white", "-border", "6", path]);
                crops.Add(ImageDecoder.DecodeFile(path));
            }

            var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            using var engine = InferenceEngineFactory.Create("onnxruntime");
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
            Directory.Delete(temp, true);
        }
    }

    [Test]
    public void A_column_budget_that_is_not_positive_is_rejected()
    {
        var model = ModelDirectory.Open(TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
        using var engine = InferenceEngineFactory.Create("onnxruntime");
        using var predictor = engine.CreatePredictor(model.Source, PredictorOptions.Default);
        Assert.That(() => new TextRecognizer(predictor, model.ResolveDictionary(null), model.Config, new TextRecognizerOptions { MaxColumnsPerRun = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("column budget"));
    }

    /// <summary>Counts the model runs of a predictor.</summary>
    private sealed class CountingPredictor(IPredictor inner) : IPredictor
    {
        public int Runs { get; private set; }

        public string ModelName => inner.ModelName;

        public IReadOnlyList<TensorInfo> Inputs => inner.Inputs;

        public IReadOnlyList<TensorInfo> Outputs => inner.Outputs;

        public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
        {
            Runs++;
            return inner.Run(inputs, cancellationToken);
        }

        public IPredictor Clone() => new CountingPredictor(inner.Clone());

        public void Dispose() => inner.Dispose();
    }
}

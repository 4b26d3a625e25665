using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Ocr.Tests.Modules;

/// <summary>
/// The document modules over the official PP-LCNet_x1_0_doc_ori and UVDoc programs with GENERATED weights (the
/// real weights are not available here): the answers are meaningless, but loading, conversion, pre-processing,
/// the model call and post-processing must fit together as they will with the real weights.
/// </summary>
public sealed class DocModulesGeneratedWeightsTests
{
    private static string Topology(string name)
    {
        var dir = Path.Combine(TestPaths.SharedModels, name);
        if (!File.Exists(Path.Combine(dir, "inference.json")))
        {
            TestPaths.MissingPrerequisite($"{dir} is not present (../shared/models is not beside this checkout).");
        }

        return dir;
    }

    private static BgrImage Page(int width, int height)
    {
        var page = BgrImage.Create(width, height);
        new Random(5).NextBytes(page.Pixels);
        return page;
    }

    [Test]
    public void Doc_orientation_with_generated_weights_answers_one_of_the_four_labels_of_its_inference_yml()
    {
        var dir = GeneratedWeights.ModelDirectory(Topology("PP-LCNet_x1_0_doc_ori_topology"));
        try
        {
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            using var classifier = DocOrientationClassifier.Create(engine, ModelDirectory.Open(dir), PredictorOptions.Default);
            using var page = Page(320, 240);
            var orientation = classifier.Predict(page);
            Assert.That(orientation.Angle, Is.AnyOf(0, 90, 180, 270));
            // Softmax over 4 classes: the winner has at least a quarter of the mass.
            Assert.That(orientation.Score, Is.InRange(0.25f, 1f));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void UVDoc_with_generated_weights_returns_a_page_of_the_input_size()
    {
        var dir = GeneratedWeights.ModelDirectory(Topology("UVDoc_topology"));
        try
        {
            using var engine = InferenceEngines.Create(InferenceEngineKind.OnnxRuntime);
            using var unwarper = DocUnwarper.Create(engine, ModelDirectory.Open(dir), PredictorOptions.Default);
            using var page = Page(300, 200);
            using var flat = unwarper.Predict(page);
            Assert.That((flat.Width, flat.Height), Is.EqualTo((300, 200)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Tests.Modules;

/// <summary>The document preprocessor's pages (input, rotated, output) over stand-in models with known answers.</summary>
public sealed class DocPreprocessorTests
{
    // Answers 90 degrees (second of the labels 0, 90, 180, 270).
    private static DocOrientationClassifier Orientation() => new(new FakePredictor("doc_ori", [1, 3, 224, 224], inputs =>
    {
        var batch = (int)inputs[0].Tensor.Shape[0];
        var scores = new float[batch * 4];
        for (var i = 0; i < batch; i++)
        {
            scores[4 * i + 1] = 1;
        }

        return [Tensor.Wrap(scores, [batch, 4])];
    }));

    // Returns a page of the input's size with every channel at 0.5 (grey 127).
    private static DocUnwarper Unwarper() => new(new FakePredictor("uvdoc", [1, 3, -1, -1], inputs =>
    {
        var shape = inputs[0].Tensor.Shape.ToArray();
        var planes = new float[shape[1] * shape[2] * shape[3]];
        Array.Fill(planes, 0.5f);
        return [Tensor.Wrap(planes, shape)];
    }));

    private static BgrImage Page()
    {
        var page = BgrImage.Create(40, 20);
        ImageFill.Fill(page, new BgrColor(10, 20, 30));
        return page;
    }

    [Test]
    public void With_rotation_and_unwarping_the_rotated_page_is_kept_apart_from_the_output()
    {
        using var page = Page();
        var preprocessor = new DocPreprocessor(Orientation, Unwarper);
        var (info, output, rotated) = preprocessor.Predict(page, useOrientation: true, useUnwarping: true, keepRotated: true);
        using (output)
        using (rotated)
        {
            Assert.That(info, Is.EqualTo(new DocPreprocessing(true, true, 90)));
            Assert.That(rotated, Is.Not.Null.And.Not.SameAs(output));
            Assert.That((rotated!.Width, rotated.Height), Is.EqualTo((20, 40)), "turned a quarter");
            // PaddleX's rotate_image is an affine warp with a black border: the page colour, and at most an edge of black.
            var pixels = rotated.Pixels.ToArray();
            Assert.That(pixels.Distinct(), Is.SubsetOf(new byte[] { 0, 10, 20, 30 }));
            Assert.That(pixels.Count(b => b != 0), Is.GreaterThan(pixels.Length * 9 / 10), "the page's pixels, turned");
            Assert.That((output.Width, output.Height), Is.EqualTo((20, 40)));
            Assert.That(output.Pixels.ToArray().Distinct(), Is.EqualTo(new byte[] { 127 }), "the unwarper's page");
        }

        Assert.That(page.Pixels.ToArray().Distinct(), Is.EquivalentTo(new byte[] { 10, 20, 30 }), "the input is left alone");
    }

    [Test]
    public void Without_unwarping_or_without_keeping_no_separate_rotated_page_is_returned()
    {
        using var page = Page();
        var preprocessor = new DocPreprocessor(Orientation, Unwarper);
        var (info, output, rotated) = preprocessor.Predict(page, useOrientation: true, useUnwarping: false, keepRotated: true);
        using (output)
        {
            Assert.That(info.Angle, Is.EqualTo(90));
            Assert.That(rotated, Is.Null, "the rotated page is the output");
            Assert.That((output.Width, output.Height), Is.EqualTo((20, 40)));
        }

        var (_, unwarped) = preprocessor.Predict(page, useOrientation: true, useUnwarping: true);
        using (unwarped)
        {
            Assert.That(unwarped.Pixels.ToArray().Distinct(), Is.EqualTo(new byte[] { 127 }));
        }
    }

    private sealed class FakePredictor(string name, long[] inputShape, Func<IReadOnlyList<NamedTensor>, Tensor[]> run) : IPredictor
    {
        public string ModelName => name;
        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

        public IReadOnlyList<TensorInfo> Inputs { get; } = [new TensorInfo("x", TensorElementType.Float32, inputShape)];

        public IReadOnlyList<TensorInfo> Outputs { get; } = [new TensorInfo("y", TensorElementType.Float32, [-1, -1])];

        public IPredictor Clone() => new FakePredictor(name, inputShape, run);

        public Tensor[] Run(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default) => run(inputs);

        public void Dispose()
        {
        }
    }
}

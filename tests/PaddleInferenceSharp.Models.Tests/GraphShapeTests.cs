using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models.Tests;

public class GraphShapeTests
{
    private static ModelProto Convert(string name)
    {
        var dir = SharedModels.Dir(name);
        var program = File.Exists(Path.Combine(dir, "inference.json")) ? Path.Combine(dir, "inference.json") : Path.Combine(dir, "inference.pdmodel");
        return ModelProto.Parser.ParseFrom(new PaddleToOnnxConverter().Convert(program, Path.Combine(dir, "inference.pdiparams")).OnnxModel);
    }

    [Test]
    public void Converted_graph_uses_opset_17_and_keeps_batch_height_and_width_dynamic()
    {
        var model = Convert("PP-OCRv4_mobile_det");
        Assert.That(model.OpsetImport.Single().Version, Is.EqualTo(17));
        var dims = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        Assert.That(dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam), Is.EqualTo(new[] { true, false, true, true }));
        Assert.That(dims[1].DimValue, Is.EqualTo(3));
    }

    [Test]
    public void Batch_norms_after_convolutions_fold_into_the_convolution_weights()
    {
        // PP-OCRv3 det: 49 batch_norm ops (format notes §4.2); one follows the head's conv2d_transpose + bias add, which is not folded.
        var model = Convert("PP-OCRv3_mobile_det");
        var remaining = model.Graph.Node.Where(n => n.OpType == "BatchNormalization").ToList();
        Assert.That(remaining, Has.Count.EqualTo(1));
        Assert.That(model.Graph.Node.Single(n => n.Output.Contains(remaining[0].Input[0])).OpType, Is.Not.EqualTo("Conv"));
        Assert.That(model.Graph.Node.Count(n => n.OpType == "Conv"), Is.EqualTo(57 + 15));
        var used = model.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        Assert.That(model.Graph.Initializer.Where(t => !used.Contains(t.Name)).Select(t => t.Name), Is.Empty, "no dead initializers");
    }
}

using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Engine.Tests;

public sealed class ModelSourceTests
{
    [Test]
    public void A_PaddleX_PIR_export_is_detected_with_its_parameters()
    {
        var dir = Path.Combine(TestPaths.RequiredShared("models"), "PP-LCNet_x0_25_textline_ori");
        var source = ModelSource.FromDirectory(dir);
        Assert.That(source.PaddleProgramPath, Is.EqualTo(Path.Combine(dir, "inference.json")));
        Assert.That(source.PaddleParamsPath, Is.EqualTo(Path.Combine(dir, "inference.pdiparams")));
        Assert.That(source.IsPirProgram, Is.True);
        Assert.That(source.HasOnnx, Is.False);
    }

    [Test]
    public void A_classic_export_is_detected()
    {
        var dir = Path.Combine(TestPaths.RequiredShared("models"), "PP-OCRv4_mobile_det");
        var source = ModelSource.FromDirectory(dir);
        Assert.That(source.PaddleProgramPath, Does.EndWith("inference.pdmodel"));
        Assert.That(source.IsPirProgram, Is.False);
    }

    [Test]
    public void A_topology_only_directory_has_a_program_but_no_parameters()
    {
        var source = ModelSource.FromDirectory(Path.Combine(TestPaths.RequiredShared("models"), "UVDoc_topology"));
        Assert.That(source.HasPaddleProgram, Is.True);
        Assert.That(source.PaddleParamsPath, Is.Null);
    }

    [Test]
    public void Unknown_extensions_and_missing_paths_name_the_file()
    {
        var dir = TestPaths.NewTempDirectory("modelsource");
        try
        {
            var txt = Path.Combine(dir, "model.txt");
            File.WriteAllText(txt, "x");
            Assert.That(() => ModelSource.FromFile(txt), Throws.TypeOf<ModelLoadException>().With.Message.Contains(txt).And.Message.Contains(".txt"));
            Assert.That(() => ModelSource.FromFile(Path.Combine(dir, "none.onnx")), Throws.TypeOf<ModelLoadException>().With.Message.Contains("does not exist"));
            Assert.That(() => ModelSource.FromDirectory(Path.Combine(dir, "nodir")), Throws.TypeOf<ModelLoadException>().With.Message.Contains("does not exist"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

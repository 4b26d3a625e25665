using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

public sealed class ModelCommandsTests
{
    [Test]
    public void Inspect_lists_inputs_outputs_op_counts_and_parameter_bytes()
    {
        var dir = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var (code, stdout, stderr) = CliRunner.Run("inspect", "--model_dir", dir);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("classic ProgramDesc").And.Contain("input:      x Float32 [?, 3, ?, ?]"));
        Assert.That(stdout, Does.Contain("parameters: 234 tensors").And.Contain("all match the program"));
        // MODELS.md: 48 conv2d, 117 add (elementwise_add in the classic program).
        Assert.That(stdout, Does.Match(@"\s48  conv2d\b").And.Match(@"\s117  elementwise_add\b"));
    }

    [Test]
    public void Convert_writes_an_onnx_model_holding_the_weights()
    {
        var dir = TestPaths.RequiredShared("models", "PP-LCNet_x0_25_textline_ori");
        var temp = TestPaths.NewTempDirectory("convert");
        try
        {
            var output = Path.Combine(temp, "model", "inference.onnx");
            var (code, stdout, stderr) = CliRunner.Run("convert", "--model_dir", dir, "--output", output);
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("Pir").And.Contain("145 parameters"));
            var bytes = File.ReadAllBytes(output);
            // A ModelProto starts with field 1 (ir_version, varint 8): bytes 0x08 0x08.
            Assert.That(bytes[..2], Is.EqualTo(new byte[] { 0x08, 0x08 }));
            // The .pdiparams holds 321,104 bytes; batch norms folded into convolutions drop a few kilobytes of statistics.
            Assert.That(bytes.Length, Is.GreaterThan(280_000).And.LessThan(400_000));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    [Test]
    public void Convert_of_a_directory_without_a_paddle_program_fails_with_the_model_exit_code()
    {
        var temp = TestPaths.NewTempDirectory("convert-empty");
        try
        {
            var (code, _, stderr) = CliRunner.Run("convert", "--model_dir", temp, "--output", Path.Combine(temp, "x.onnx"));
            Assert.That(code, Is.EqualTo(4));
            Assert.That(stderr, Does.Contain(temp));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }
}

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
    public void Convert_of_an_onnx_directory_writes_the_optimised_graph()
    {
        var dir = TestPaths.RequiredModel("PP-OCRv4_mobile_rec");
        var temp = TestPaths.NewTempDirectory("convert-onnx");
        try
        {
            var output = Path.Combine(temp, "rec.onnx");
            var (code, stdout, stderr) = CliRunner.Run("convert", "--model_dir", dir, "--output", output);
            Assert.That(code, Is.EqualTo(0), stderr);
            // The official file has 765 nodes (Constant nodes included); 28 hard-swish chains are spelled out in it.
            Assert.That(stdout, Does.Contain("(765 nodes)").And.Contain("28 hard-swish chains fused"));
            var original = new FileInfo(Path.Combine(dir, "inference.onnx")).Length;
            Assert.That(new FileInfo(output).Length, Is.GreaterThan(original * 9 / 10).And.LessThan(original * 11 / 10));
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

    [Test]
    public void Ocr_with_paddle_format_v4_models_gives_the_results_of_the_official_onnx_files()
    {
        var paddleDet = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_det");
        var paddleRec = TestPaths.RequiredShared("models", "PP-OCRv4_mobile_rec");
        var onnxDet = TestPaths.RequiredModel("PP-OCRv4_mobile_det");
        var onnxRec = TestPaths.RequiredModel("PP-OCRv4_mobile_rec");
        var temp = TestPaths.NewTempDirectory("paddle-vs-onnx");
        try
        {
            var input = Path.Combine(temp, "in");
            Directory.CreateDirectory(input);
            foreach (var name in new[] { "syn_001.png", "syn_002.jpg", "syn_010.png" })
            {
                var source = Path.Combine(TestPaths.EvalDev, name);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(input, name));
                }
            }

            string[] Args(string det, string rec, string output) =>
            [
                "--pipeline", "OCR", "--input", input, "--save_path", output, "--quiet", "--use_doc_orientation_classify", "False",
                "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
                "--text_detection_model_dir", det, "--text_recognition_model_dir", rec,
            ];

            var ours = CliRunner.Run(Args(paddleDet, paddleRec, Path.Combine(temp, "paddle")));
            Assert.That(ours.ExitCode, Is.EqualTo(0), ours.Stderr);
            var official = CliRunner.Run(Args(onnxDet, onnxRec, Path.Combine(temp, "onnx")));
            Assert.That(official.ExitCode, Is.EqualTo(0), official.Stderr);
            var files = Directory.GetFiles(Path.Combine(temp, "onnx"), "*_res.json");
            Assert.That(files, Is.Not.Empty);
            foreach (var file in files)
            {
                using var a = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(temp, "paddle", Path.GetFileName(file))));
                using var b = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
                Assert.That(a.RootElement.GetProperty("rec_texts").ToString(), Is.EqualTo(b.RootElement.GetProperty("rec_texts").ToString()), file);
                Assert.That(a.RootElement.GetProperty("rec_polys").ToString(), Is.EqualTo(b.RootElement.GetProperty("rec_polys").ToString()), file);
                var scoresA = a.RootElement.GetProperty("rec_scores").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                var scoresB = b.RootElement.GetProperty("rec_scores").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                Assert.That(scoresA, Is.EqualTo(scoresB).Within(1e-4), file);
            }
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }
}

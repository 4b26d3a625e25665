using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

public sealed class CalibrateCommandTests
{
    [Test]
    public void Calibrate_writes_int8_models_that_precision_int8_then_reads_the_page_with()
    {
        var cache = TestPaths.NewTempDirectory("int8-cli");
        try
        {
            var env = new Dictionary<string, string?> { ["PADDLEINFERENCESHARP_INT8_CACHE"] = cache };
            var page = Path.Combine(TestPaths.RequiredShared("eval", "dev"), "syn_001.png");
            var (missing, _, missingErr) = CliRunner.Run(env, CliRunner.V4Pipeline(page, "--precision", "int8"));
            Assert.That(missing, Is.EqualTo(4), missingErr);
            Assert.That(missingErr, Does.Contain("has not been calibrated").And.Contain("paddlex-sharp calibrate").And.Contain(cache));

            // Calibrated on other images than the one read.
            var samples = TestPaths.NewTempDirectory("int8-samples");
            foreach (var name in new[] { "syn_002.jpg", "syn_003.jpg" })
            {
                var source = Path.Combine(TestPaths.RequiredShared("eval", "dev"), name);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(samples, name));
                }
            }

            var calibrate = CliRunner.V4Pipeline(samples).Skip(2).ToList();
            calibrate.Insert(0, "calibrate");
            var (code, stdout, stderr) = CliRunner.Run(env, [.. calibrate]);
            Directory.Delete(samples, true);
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("PP-OCRv4_mobile_det: ").And.Contain("PP-OCRv4_mobile_rec: ").And.Contain("QLinearConv").And.Contain("QLinearMatMul 9"));
            Assert.That(Directory.GetFiles(cache, "*.onnx"), Has.Length.EqualTo(2));
            Assert.That(Directory.GetFiles(cache, "*.calibration.json"), Has.Length.EqualTo(2));

            var (run, text, runErr) = CliRunner.Run(env, CliRunner.V4Pipeline(page, "--precision", "int8"));
            Assert.That(run, Is.EqualTo(0), runErr);
            // Calibrated on two pages only, the spaces the model puts after punctuation come and go; the words do not.
            Assert.That(text, Does.Contain("Thank you for choosing our service").And.Contain("Each participant received a printed copy of the agenda")
                .And.Contain("17.03.2017").And.Contain("2019-67411"));
        }
        finally
        {
            Directory.Delete(cache, true);
        }
    }

    [Test]
    public void Unreadable_samples_are_skipped_by_name_and_none_readable_is_an_input_error()
    {
        var cache = TestPaths.NewTempDirectory("int8-bad");
        var samples = TestPaths.NewTempDirectory("int8-bad-samples");
        try
        {
            File.WriteAllBytes(Path.Combine(samples, "broken.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
            var calibrate = CliRunner.V4Pipeline(samples).Skip(2).ToList();
            calibrate.Insert(0, "calibrate");
            var (code, _, stderr) = CliRunner.Run(new Dictionary<string, string?> { ["PADDLEINFERENCESHARP_INT8_CACHE"] = cache }, [.. calibrate]);
            Assert.That(code, Is.EqualTo(3), stderr);
            Assert.That(stderr, Does.Contain("warning: skipped").And.Contain("broken.png").And.Contain("none of the 1 images"));
            Assert.That(Directory.GetFiles(cache), Is.Empty, "nothing is written without calibration data");
        }
        finally
        {
            Directory.Delete(cache, true);
            Directory.Delete(samples, true);
        }
    }

    [Test]
    public void An_unknown_precision_names_the_three_values()
    {
        var (code, _, stderr) = CliRunner.Run(CliRunner.V4Pipeline("x.png", "--precision", "int4"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("unknown --precision 'int4'; expected fp32, fp16 or int8"));
    }
}

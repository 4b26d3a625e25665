using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>The serve command's usage errors, reported before any model is loaded.</summary>
public sealed class ServeCommandTests
{
    [TestCase("--log_format must be simple or json", "serve", "--log_format", "xml")]
    [TestCase("--queue_size must be positive", "serve", "--queue_size", "0")]
    [TestCase("is not a boolean for --visualize", "--serve", "--visualize", "Maybe")]
    [TestCase("is not a boolean for --web_page", "serve", "--web_page", "Maybe")]
    [TestCase("unknown --engine 'tensorflow'", "serve", "--engine", "tensorflow")]
    [TestCase("--serving_schema must be auto, current, beta or beta_pages, not 'v2'", "serve", "--serving_schema", "v2")]
    public void Bad_flag_exits_with_usage_error(string message, params string[] arguments)
    {
        var (code, _, stderr) = CliRunner.Run(arguments);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.Contain(message));
    }

    [Test]
    public void Serve_reads_the_serving_section_of_its_pipeline_config()
    {
        var dir = TestPaths.NewTempDirectory("serve-config");
        try
        {
            var yaml = Path.Combine(dir, "OCR.yaml");
            File.WriteAllText(yaml, "pipeline_name: OCR\nServing:\n  extra:\n    max_num_input_imgs: 0\n");
            var (code, _, stderr) = CliRunner.Run("serve", "--pipeline", yaml);
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain("OCR.yaml").And.Contain("'max_num_input_imgs' must be a positive integer"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

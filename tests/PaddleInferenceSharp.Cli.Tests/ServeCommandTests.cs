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
}

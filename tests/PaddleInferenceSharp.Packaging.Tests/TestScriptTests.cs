using System.Diagnostics;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>scripts/test.sh as CI runs it: a checkout without ../shared fails at once, naming it.</summary>
public sealed class TestScriptTests
{
    [Test]
    public void Under_CI_a_checkout_without_shared_fails_before_the_build_naming_it()
    {
        // A checkout two folders below a fresh temporary folder: neither ../shared nor ../../shared exists.
        var top = TestPaths.NewTempDirectory("no-shared");
        try
        {
            var checkout = Path.Combine(top, "work", "checkout");
            Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
            File.Copy(Path.Combine(TestPaths.RepositoryRoot, "scripts", "test.sh"), Path.Combine(checkout, "scripts", "test.sh"));

            var start = new ProcessStartInfo("bash") { WorkingDirectory = checkout, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("scripts/test.sh");
            start.Environment["CI"] = "true";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "scripts/test.sh should stop before building");

            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That(stderr.Result, Does.Contain($"CI=true and {Path.Combine(top, "work", "shared")} is missing").And.Contain("shared/eval/dev").And.Contain("shared/models"));
            Assert.That(stdout.Result.TrimEnd().Split('\n')[^1], Is.EqualTo("tests: 0 passed, 1 failed, 0 skipped"));
        }
        finally
        {
            Directory.Delete(top, true);
        }
    }

    [Test]
    public void Under_CI_a_missing_prerequisite_fails_the_test_naming_it()
    {
        // Run in an isolated context: a failed or ignored assertion there does not mark this test.
        string failure, skip;
        using (new EnvironmentScope(new Dictionary<string, string?> { ["CI"] = "true" }))
        using (new NUnit.Framework.Internal.TestExecutionContext.IsolatedContext())
        {
            failure = Assert.Throws<AssertionException>(() => TestPaths.MissingPrerequisite("/nowhere/tool is missing"))!.Message;
        }

        using (new EnvironmentScope(new Dictionary<string, string?> { ["CI"] = null }))
        using (new NUnit.Framework.Internal.TestExecutionContext.IsolatedContext())
        {
            skip = Assert.Throws<IgnoreException>(() => TestPaths.MissingPrerequisite("/nowhere/tool is missing"))!.Message;
        }

        Assert.That(failure, Does.Contain("Missing prerequisite (CI=true runs every test): /nowhere/tool is missing"));
        Assert.That(skip, Is.EqualTo("/nowhere/tool is missing"));
    }
}

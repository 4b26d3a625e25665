using System.Diagnostics;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>Runs a Debian command-line tool that scripts/setup.sh installs (pdftoppm, qpdf, cwebp, tiffcp, ...).</summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> (a path under /usr/bin) and returns its standard output; fails the test on a non-zero exit.</summary>
    /// <param name="tool">The tool's full path.</param>
    /// <param name="package">The Debian package that provides it, for the failure message.</param>
    /// <param name="arguments">Its arguments.</param>
    public static byte[] Run(string tool, string package, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = TryRun(tool, package, arguments);
        if (exitCode != 0)
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} failed ({exitCode}): {stderr}");
        }

        return stdout;
    }

    /// <summary>Runs <paramref name="tool"/> and returns its exit code and output; skips the test when the tool is missing.</summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) TryRun(string tool, string package, params string[] arguments)
    {
        if (!File.Exists(tool))
        {
            TestPaths.MissingPrerequisite($"{tool} is missing: run scripts/setup.sh (it installs the Debian package {package}).");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), stderr.Result);
    }
}

using System.Diagnostics;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>Runs the dotnet CLI (or another program) as a user would, with a clean environment.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="workingDirectory"/>. Every PADDLE*/PADDLEX* variable of the test
    /// run is removed (a user's machine has none), NUGET_PACKAGES is <paramref name="nugetCache"/> when given.
    /// </summary>
    public static Result Run(string program, string workingDirectory, TimeSpan timeout, string? nugetCache, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("PADDLE", StringComparison.Ordinal) || name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || name is "DOTNET_HOST_PATH" or "VSTEST_HOST_DEBUG" or "MSBUILDNOINPROCNODE")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (nugetCache is not null)
        {
            start.Environment["NUGET_PACKAGES"] = nugetCache;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s.\n{stdout.Result}\n{stderr.Result}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and fails the test with the whole output on a non-zero exit.</summary>
    public static Result Check(string program, string workingDirectory, TimeSpan timeout, string? nugetCache, params string[] arguments)
    {
        var result = Run(program, workingDirectory, timeout, nugetCache, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {result}");
        return result;
    }
}

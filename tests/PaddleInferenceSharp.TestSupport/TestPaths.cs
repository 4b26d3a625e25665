namespace PaddleInferenceSharp.TestSupport;

/// <summary>Where tests find the repository, the models installed by scripts/setup.sh and ../shared.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root (the folder holding PaddleInferenceSharp.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The setup folder (.deps) of this checkout.</summary>
    public static string Deps => Path.Combine(RepositoryRoot, ".deps");

    /// <summary>The model cache that scripts/setup.sh fills (.deps/models).</summary>
    public static string Models => Path.Combine(Deps, "models");

    /// <summary>../shared beside the checkout, or ../../shared for a git worktree kept one folder deeper (evaluation set, Paddle-format models).</summary>
    public static string Shared
    {
        get
        {
            var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            var above = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "..", "shared"));
            return !Directory.Exists(beside) && Directory.Exists(above) ? above : beside;
        }
    }

    /// <summary>The labelled synthetic development set.</summary>
    public static string EvalDev => Path.Combine(Shared, "eval", "dev");

    /// <summary>The Paddle-format models: PADDLEX_MODELS_DIR, else .deps/shared-models, else ../shared/models.</summary>
    public static string SharedModels
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("PADDLEX_MODELS_DIR");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            var linked = Path.Combine(Deps, "shared-models");
            return Directory.Exists(linked) ? linked : Path.Combine(Shared, "models");
        }
    }

    /// <summary>A model directory installed by scripts/setup.sh; the test fails (not skips) when it is missing, since setup must install it.</summary>
    public static string RequiredModel(string name)
    {
        var dir = Path.Combine(Models, name);
        if (!Directory.Exists(dir))
        {
            Assert.Fail($"Model directory {dir} is missing: run scripts/setup.sh first.");
        }

        return dir;
    }

    /// <summary>A directory or file under ../shared; missing, see <see cref="MissingPrerequisite"/>.</summary>
    public static string RequiredShared(params string[] parts)
    {
        var path = Path.Combine([Shared, .. parts]);
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            MissingPrerequisite($"{path} is not present (../shared is not beside this checkout).");
        }

        return path;
    }

    /// <summary>Whether this is a CI run (<c>CI=true</c>), where every prerequisite must be there.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reports a prerequisite the checkout lacks (../shared, a tool or library scripts/setup.sh installs, something
    /// it builds): under <c>CI=true</c> the test fails naming it, since CI must run everything; elsewhere it is
    /// skipped with the reason.
    /// </summary>
    /// <param name="message">What is missing and how to get it.</param>
    public static void MissingPrerequisite(string message)
    {
        if (IsCi)
        {
            Assert.Fail("Missing prerequisite (CI=true runs every test): " + message);
        }

        Assert.Ignore(message);
    }

    /// <summary>A pipeline configuration of tests/PaddleInferenceSharp.TestSupport/PipelineConfigs (PaddleX's schemas, current and 3.0 beta).</summary>
    public static string PipelineConfig(string name) =>
        Path.Combine(RepositoryRoot, "tests", "PaddleInferenceSharp.TestSupport", "PipelineConfigs", name);

    /// <summary>A fresh temporary directory, deleted by the caller.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaddleInferenceSharp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find PaddleInferenceSharp.sln above " + AppContext.BaseDirectory);
    }
}

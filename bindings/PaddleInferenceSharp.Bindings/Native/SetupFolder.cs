namespace PaddleInferenceSharp.Native;

/// <summary>
/// The folder where <c>scripts/setup.sh</c> installs native runtimes and models (<c>.deps</c> in a source checkout).
/// </summary>
public static class SetupFolder
{
    /// <summary>Environment variable that names the setup folder explicitly.</summary>
    public const string EnvironmentVariable = "PADDLEINFERENCESHARP_DEPS";

    /// <summary>
    /// The setup folder: <see cref="EnvironmentVariable"/> if set, else the first <c>.deps</c> folder found walking up
    /// from the application's base directory (so tests, benchmarks and the CLI of a checkout find it); null if none.
    /// </summary>
    public static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".deps");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

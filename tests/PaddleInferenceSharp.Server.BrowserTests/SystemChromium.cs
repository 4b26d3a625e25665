using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Server.BrowserTests;

/// <summary>
/// Debian's Chromium, which scripts/setup.sh installs and Playwright drives (Playwright's own browser downloads are
/// not used: they cannot be fetched here).
/// </summary>
internal static class SystemChromium
{
    /// <summary>Debian's path, or PADDLEINFERENCESHARP_CHROMIUM where another Chromium is to be driven.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PADDLEINFERENCESHARP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>
    /// The browser's path; when it is missing the test fails under <c>CI=true</c> (setup must have installed it)
    /// and is skipped elsewhere, naming it either way.
    /// </summary>
    public static string Required()
    {
        var path = ExecutablePath;
        if (File.Exists(path))
        {
            return path;
        }

        TestPaths.MissingPrerequisite($"{path} is missing: run scripts/setup.sh (it installs the Debian package chromium), the browser these tests drive.");
        return path;
    }
}

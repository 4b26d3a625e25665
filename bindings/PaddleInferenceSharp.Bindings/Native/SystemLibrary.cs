namespace PaddleInferenceSharp.Native;

/// <summary>
/// The one search order for a shared library the operating system provides (libjpeg-turbo, libtiff, libwebp,
/// poppler-glib, cairo, FreeType, fontconfig, the C library): the file an environment variable names, when the
/// library has one; the application's <c>runtimes/&lt;rid&gt;/native</c> folder, unless it is a library no package
/// ships; then the operating system's own search.
/// </summary>
internal static class SystemLibrary
{
    /// <summary>The file names to try on this platform, from the lists for each.</summary>
    public static string[] Names(string[] windows, string[] macOS, string[] linux) =>
        OperatingSystem.IsWindows() ? windows : OperatingSystem.IsMacOS() ? macOS : linux;

    /// <summary>Loads the first of <paramref name="fileNames"/> found in the search order.</summary>
    /// <param name="displayName">The library for messages, e.g. "the FreeType library (libfreetype.so.6)".</param>
    /// <param name="fileNames">File names to try, the preferred first.</param>
    /// <param name="installHint">What to do when it is not found.</param>
    /// <param name="pathVariable">An environment variable that may name the library file; null when there is none.</param>
    /// <param name="appLocal">Whether to search the application's native asset folder.</param>
    /// <returns>The loaded library's handle.</returns>
    /// <exception cref="NativeLibraryNotFoundException">Nothing loaded; the message lists each place searched and why.</exception>
    public static IntPtr Load(string displayName, IReadOnlyList<string> fileNames, string installHint, string? pathVariable = null, bool appLocal = true)
    {
        var probe = new NativeLibraryProbe(displayName, installHint);
        if (pathVariable is not null)
        {
            probe.AddFile("environment variable " + pathVariable, Environment.GetEnvironmentVariable(pathVariable));
        }

        if (appLocal)
        {
            probe.AddAppLocal(fileNames);
        }

        return probe.AddSystemSearch(fileNames).Load().Handle;
    }
}

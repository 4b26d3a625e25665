using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Native;

/// <summary>
/// Searches a native library in an ordered list of places and loads the first that works; when none does,
/// throws one <see cref="NativeLibraryNotFoundException"/> that lists every place and why it failed.
/// </summary>
/// <remarks>Not thread-safe while being configured; <see cref="Load"/> may be called once the list is complete.</remarks>
public sealed class NativeLibraryProbe
{
    private readonly string _displayName;
    private readonly string _installHint;
    private readonly List<Func<(IntPtr Handle, NativeLibraryAttempt Attempt)>> _steps = [];

    /// <summary>Creates an empty probe.</summary>
    /// <param name="displayName">The library for messages, e.g. "the ONNX Runtime native library (libonnxruntime.so)".</param>
    /// <param name="installHint">What to do when it is not found.</param>
    public NativeLibraryProbe(string displayName, string installHint)
    {
        _displayName = displayName;
        _installHint = installHint;
    }

    /// <summary>The runtime identifier of native asset folders for this process, e.g. <c>linux-x64</c>.</summary>
    public static string PortableRuntimeIdentifier
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            var arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "x86",
                var other => other.ToString().ToLowerInvariant(),
            };
            return $"{os}-{arch}";
        }
    }

    /// <summary>The app-local folder where runtime NuGet packages put native libraries: <c>runtimes/&lt;rid&gt;/native</c> under the app.</summary>
    public static string AppLocalNativeDirectory => Path.Combine(AppContext.BaseDirectory, "runtimes", PortableRuntimeIdentifier, "native");

    /// <summary>File names of a shared library on this platform: <c>libX.so</c> (and <c>libX.so.N</c>), <c>libX.dylib</c>, <c>X.dll</c>.</summary>
    /// <param name="baseName">Name without prefix or suffix, e.g. <c>onnxruntime</c>.</param>
    /// <param name="soVersions">Versioned suffixes to try on Linux/macOS, e.g. <c>"1"</c>.</param>
    public static IReadOnlyList<string> PlatformFileNames(string baseName, params string[] soVersions)
    {
        if (OperatingSystem.IsWindows())
        {
            return [baseName + ".dll"];
        }

        if (OperatingSystem.IsMacOS())
        {
            return [$"lib{baseName}.dylib", .. soVersions.Select(v => $"lib{baseName}.{v}.dylib")];
        }

        return [$"lib{baseName}.so", .. soVersions.Select(v => $"lib{baseName}.so.{v}")];
    }

    /// <summary>Adds an explicit file (from an option or environment variable). A null path is reported as "not set".</summary>
    public NativeLibraryProbe AddFile(string source, string? path)
    {
        _steps.Add(() => path is null or "" ? (IntPtr.Zero, new NativeLibraryAttempt(source, null, "not set")) : TryFile(source, path));
        return this;
    }

    /// <summary>Adds the application's <c>runtimes/&lt;rid&gt;/native/</c> folder (where runtime NuGet packages put native libraries).</summary>
    public NativeLibraryProbe AddAppLocal(IReadOnlyList<string> fileNames) =>
        AddDirectory("app-local " + Path.Combine("runtimes", PortableRuntimeIdentifier, "native"), AppLocalNativeDirectory, fileNames);

    /// <summary>Adds a directory searched for each of <paramref name="fileNames"/>. A null directory is reported as "not set".</summary>
    public NativeLibraryProbe AddDirectory(string source, string? directory, IReadOnlyList<string> fileNames)
    {
        _steps.Add(() =>
        {
            if (directory is null or "")
            {
                return (IntPtr.Zero, new NativeLibraryAttempt(source, null, "not set"));
            }

            NativeLibraryAttempt? last = null;
            foreach (var name in fileNames)
            {
                var (handle, attempt) = TryFile(source, Path.Combine(directory, name));
                if (handle != IntPtr.Zero)
                {
                    return (handle, attempt);
                }

                // Prefer a loader error over "file not found" when one name exists but fails to load.
                if (last is null || attempt.Failure != "file not found")
                {
                    last = attempt;
                }
            }

            return (IntPtr.Zero, last ?? new NativeLibraryAttempt(source, directory, "no candidate names"));
        });
        return this;
    }

    /// <summary>Adds the operating system's own search (LD_LIBRARY_PATH, ldconfig cache, PATH, ...) for each name.</summary>
    public NativeLibraryProbe AddSystemSearch(IReadOnlyList<string> fileNames)
    {
        _steps.Add(() =>
        {
            var failures = new List<string>();
            foreach (var name in fileNames)
            {
                try
                {
                    return (NativeLibrary.Load(name), new NativeLibraryAttempt("system search path", name, "loaded"));
                }
                catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
                {
                    failures.Add($"{name}: {LoaderMessage(ex.Message)}");
                }
            }

            return (IntPtr.Zero, new NativeLibraryAttempt("system search path", string.Join(", ", fileNames), string.Join("; ", failures)));
        });
        return this;
    }

    /// <summary>Loads the first candidate that works.</summary>
    /// <returns>The handle and the path or name that loaded.</returns>
    /// <exception cref="NativeLibraryNotFoundException">No candidate loaded; the message lists each and why.</exception>
    public (IntPtr Handle, string LoadedFrom) Load()
    {
        var attempts = new List<NativeLibraryAttempt>();
        foreach (var step in _steps)
        {
            var (handle, attempt) = step();
            if (handle != IntPtr.Zero)
            {
                return (handle, attempt.Candidate ?? attempt.Source);
            }

            attempts.Add(attempt);
        }

        throw new NativeLibraryNotFoundException(_displayName, attempts, _installHint);
    }

    private static (IntPtr, NativeLibraryAttempt) TryFile(string source, string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return (IntPtr.Zero, new NativeLibraryAttempt(source, full, "file not found"));
        }

        try
        {
            return (NativeLibrary.Load(full), new NativeLibraryAttempt(source, full, "loaded"));
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            // The loader's message names the missing dependency (e.g. "libdnnl.so.3: cannot open shared object file").
            return (IntPtr.Zero, new NativeLibraryAttempt(source, full, LoaderMessage(ex.Message)));
        }
    }

    /// <summary>The operating system loader's own words from a .NET load failure (e.g. "libdnnl.so.3: cannot open shared object file").</summary>
    public static string LoaderMessage(string message)
    {
        // .NET prefixes dlerror()'s text with generic advice ending in "environment variable:".
        const string marker = "environment variable:";
        var i = message.LastIndexOf(marker, StringComparison.Ordinal);
        var detail = i >= 0 ? message[(i + marker.Length)..] : message;
        var parts = detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? message.Trim() : string.Join("; ", parts);
    }
}

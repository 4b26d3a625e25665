using System.Globalization;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings;
using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// The loaded Paddle Inference C library: where it came from, its version, which exports it has, and the
/// capability checks that keep 2.x libraries from being called with 3.x-only functions or signatures.
/// </summary>
/// <remarks>Thread-safe. One instance per process: the first successful load wins and lives until exit.</remarks>
public sealed class PaddleLibrary
{
    private static readonly Lock Gate = new();
    private static PaddleLibrary? _instance;
    private readonly HashSet<string> _missingExports;

    /// <summary>A description of an already loaded library (tests use it to check the capability rules of other versions).</summary>
    internal PaddleLibrary(string loadedFrom, IReadOnlyList<string> preloaded, string versionText, IEnumerable<string> missingExports)
        : this(loadedFrom, preloaded, versionText, ParseVersion(versionText), new HashSet<string>(missingExports, StringComparer.Ordinal))
    {
    }

    private PaddleLibrary(string loadedFrom, IReadOnlyList<string> preloaded, string versionText, Version version, HashSet<string> missingExports)
    {
        LoadedFrom = loadedFrom;
        Preloaded = preloaded;
        VersionText = versionText;
        Version = version;
        _missingExports = missingExports;
    }

    /// <summary>The file or name the library was loaded from.</summary>
    public string LoadedFrom { get; }

    /// <summary>Dependencies loaded before it (oneDNN, MKL, libcommon, ...).</summary>
    public IReadOnlyList<string> Preloaded { get; }

    /// <summary>The full text of <c>PD_GetVersion</c> (version, commit, branch, ...).</summary>
    public string VersionText { get; }

    /// <summary>The version from the first line of <see cref="VersionText"/>; development builds report 0.0.0 and are treated as the newest.</summary>
    public Version Version { get; }

    /// <summary>Whether this is a development build (version 0.0.0), treated as having every 3.x capability.</summary>
    public bool IsDevelopmentBuild => Version == new Version(0, 0, 0);

    /// <summary>Whether the library reads PIR programs (<c>inference.json</c>): Paddle 3.0 and newer.</summary>
    public bool SupportsPir => AtLeast(3, 0);

    /// <summary>
    /// Whether <c>PD_PredictorCreate</c> frees the config itself (2.4 and older); from 2.5 on the caller still
    /// destroys it (<c>pd_predictor.h</c>, <c>PD_PredictorCreate</c>).
    /// </summary>
    public bool PredictorCreateTakesConfig => !AtLeast(2, 5);

    /// <summary>Exported functions of the bindings that this library lacks (e.g. the IOInfo functions before 2.5).</summary>
    public IReadOnlyCollection<string> MissingExports => _missingExports;

    /// <summary>A description for logs: version and path.</summary>
    public string Description => $"Paddle Inference {Version} ({LoadedFrom})";

    /// <summary>Loads the library once per process from the first place that works.</summary>
    /// <remarks>The first successful call decides which library the process uses; the options of later calls are not searched again.</remarks>
    /// <exception cref="NativeLibraryNotFoundException">Nothing loaded; the message lists each place searched and why.</exception>
    /// <exception cref="PaddleInferenceException">The file loaded is not a Paddle Inference C library.</exception>
    public static PaddleLibrary Load(PaddleInferenceOptions? options = null)
    {
        lock (Gate)
        {
            if (_instance is not null)
            {
                return _instance;
            }

            var (handle, loadedFrom, preloaded) = PaddleLibraryLocator.Load(options ?? new PaddleInferenceOptions());
            _instance = Initialize(handle, loadedFrom, preloaded);
            return _instance;
        }
    }

    /// <summary>Whether the library exports <paramref name="functionName"/>.</summary>
    public bool HasExport(string functionName) => !_missingExports.Contains(functionName);

    /// <summary>Throws when the library lacks <paramref name="functionName"/>.</summary>
    /// <exception cref="PaddleFeatureNotSupportedException">The export is missing.</exception>
    public void RequireExport(string functionName, string feature)
    {
        if (!HasExport(functionName))
        {
            throw new PaddleFeatureNotSupportedException(functionName,
                $"{feature} needs {functionName}, which {Description} does not export; install Paddle Inference 2.5 or newer (3.x for PIR models).");
        }
    }

    /// <summary>Throws when the library is older than <paramref name="major"/>.<paramref name="minor"/>.</summary>
    /// <exception cref="PaddleFeatureNotSupportedException">The library is older.</exception>
    public void RequireVersion(int major, int minor, string functionName, string feature)
    {
        if (!AtLeast(major, minor))
        {
            throw new PaddleFeatureNotSupportedException(functionName,
                $"{feature} needs Paddle Inference {major}.{minor} or newer; the loaded library is {Description}.");
        }
    }

    /// <summary>Whether the version is at least <paramref name="major"/>.<paramref name="minor"/> (development builds always are).</summary>
    public bool AtLeast(int major, int minor) => IsDevelopmentBuild || Version >= new Version(major, minor);

    /// <summary>Parses the first line of <c>PD_GetVersion</c>'s text (<c>version: X.Y.Z</c>); 0.0.0 when unreadable.</summary>
    internal static Version ParseVersion(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("version:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = trimmed["version:".Length..].Trim();
            // Drop suffixes such as "-rc0" or ".post1".
            var end = 0;
            while (end < value.Length && (char.IsDigit(value[end]) || value[end] == '.'))
            {
                end++;
            }

            var parts = value[..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
            var numbers = new int[3];
            for (var i = 0; i < Math.Min(3, parts.Length); i++)
            {
                numbers[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
            }

            return new Version(numbers[0], numbers[1], numbers[2]);
        }

        return new Version(0, 0, 0);
    }

    private static unsafe PaddleLibrary Initialize(IntPtr handle, string loadedFrom, IReadOnlyList<string> preloaded)
    {
        if (!NativeLibrary.TryGetExport(handle, nameof(PaddleNative.PD_GetVersion), out _)
            || !NativeLibrary.TryGetExport(handle, nameof(PaddleNative.PD_ConfigCreate), out _))
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_GetVersion),
                $"'{loadedFrom}' is not the Paddle Inference C library: it does not export PD_GetVersion/PD_ConfigCreate (the C++ library libpaddle_inference.so cannot be used; install the C package).");
        }

        NativeLibraryRegistry.Register(PaddleNative.LibraryName, () => handle);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in PaddleNative.FunctionNames)
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _))
            {
                missing.Add(name);
            }
        }

        var text = Marshal.PtrToStringUTF8((IntPtr)PaddleNative.PD_GetVersion()) ?? string.Empty;
        return new PaddleLibrary(loadedFrom, preloaded, text, ParseVersion(text), missing);
    }
}

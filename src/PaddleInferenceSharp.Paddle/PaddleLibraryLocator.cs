using System.Runtime.InteropServices;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// Finds and loads <c>paddle_inference_c</c>: the <see cref="PaddleInferenceOptions.LibraryPath"/> option,
/// <c>PADDLE_INFERENCE_ROOT</c> (an unpacked C package), the app-local <c>runtimes/&lt;rid&gt;/native</c> folder of a
/// runtime package, the application folder, then the system search path. Before loading a candidate from a folder it
/// preloads the libraries Paddle needs beside it (oneDNN, MKL/iomp5, OpenBLAS, libcommon, onnxruntime/paddle2onnx),
/// because the shipped library has no <c>$ORIGIN</c> rpath. On failure one <see cref="NativeLibraryNotFoundException"/>
/// lists every candidate and why it failed.
/// </summary>
internal static class PaddleLibraryLocator
{
    /// <summary>Sub-folders of a C package that hold run-time dependencies (the layout Paddle's <c>cmake/inference_lib.cmake</c> installs).</summary>
    private static readonly string[] PackageDependencyFolders =
    [
        "paddle/lib",
        "third_party/install/mklml/lib",
        "third_party/install/mkldnn/lib",
        "third_party/install/openblas/lib",
        "third_party/install/onnxruntime/lib",
        "third_party/install/paddle2onnx/lib",
    ];

    /// <summary>The library's file names on this platform.</summary>
    public static IReadOnlyList<string> LibraryFileNames => NativeLibraryProbe.PlatformFileNames("paddle_inference_c");

    /// <summary>Dependencies in load order (a library before those that need it); versioned names first.</summary>
    public static IReadOnlyList<string> DependencyFileNames
    {
        get
        {
            if (OperatingSystem.IsWindows())
            {
                return ["libiomp5md.dll", "mklml.dll", "mkldnn.dll", "openblas.dll", "onnxruntime.dll", "paddle2onnx.dll", "common.dll"];
            }

            if (OperatingSystem.IsMacOS())
            {
                return ["libiomp5.dylib", "libmklml.dylib", "libdnnl.3.dylib", "libdnnl.2.dylib", "libopenblas.dylib", "libonnxruntime.dylib", "libpaddle2onnx.dylib", "libcommon.dylib"];
            }

            return ["libiomp5.so", "libmklml_intel.so", "libdnnl.so.3", "libdnnl.so.2", "libmkldnn.so.0", "libopenblas.so.0", "libonnxruntime.so", "libpaddle2onnx.so", "libcommon.so"];
        }
    }

    /// <summary>What the user should install when nothing loads.</summary>
    public static string InstallHint
    {
        get
        {
            var rid = NativeLibraryProbe.PortableRuntimeIdentifier;
            return $"Install a Paddle Inference runtime package (PaddleInferenceSharp.runtime.{rid}.mkl, .openblas or a CUDA variant; "
                + $"it puts the libraries into runtimes/{rid}/native/), or set {PaddleInferenceOptions.RootVariable} to an unpacked "
                + "Paddle Inference C package (paddle_inference_c, see native/README.md), or use --engine onnxruntime.";
        }
    }

    /// <summary>Loads the library from the first candidate that works.</summary>
    /// <returns>The handle, the file or name loaded and the dependencies preloaded for it.</returns>
    /// <exception cref="NativeLibraryNotFoundException">No candidate loaded.</exception>
    public static (IntPtr Handle, string LoadedFrom, IReadOnlyList<string> Preloaded) Load(PaddleInferenceOptions options)
    {
        var attempts = new List<NativeLibraryAttempt>();
        var rid = NativeLibraryProbe.PortableRuntimeIdentifier;
        var names = LibraryFileNames;

        var explicitPath = options.LibraryPath;
        if (string.IsNullOrEmpty(explicitPath))
        {
            attempts.Add(new NativeLibraryAttempt("option PaddleInferenceOptions.LibraryPath", null, "not set"));
        }
        else if (TryLoad("option PaddleInferenceOptions.LibraryPath", Path.GetFullPath(explicitPath), [Path.GetDirectoryName(Path.GetFullPath(explicitPath))!], attempts) is { } fromOption)
        {
            return fromOption;
        }

        var root = options.InferenceRoot ?? Environment.GetEnvironmentVariable(PaddleInferenceOptions.RootVariable);
        var rootSource = options.InferenceRoot is null ? "environment variable " + PaddleInferenceOptions.RootVariable : "option PaddleInferenceOptions.InferenceRoot";
        if (string.IsNullOrEmpty(root))
        {
            attempts.Add(new NativeLibraryAttempt(rootSource, null, "not set"));
        }
        else
        {
            var full = Path.GetFullPath(root);
            var folders = PackageDependencyFolders.Select(f => Path.Combine(full, f)).ToArray();
            if (TryFolder(rootSource, Path.Combine(full, "paddle", "lib"), names, folders, attempts) is { } fromRoot)
            {
                return fromRoot;
            }
        }

        var appLocal = NativeLibraryProbe.AppLocalNativeDirectory;
        if (TryFolder($"app-local runtimes/{rid}/native", appLocal, names, [appLocal], attempts) is { } fromAppLocal)
        {
            return fromAppLocal;
        }

        var appDir = AppContext.BaseDirectory;
        if (TryFolder("application directory", appDir, names, [appDir], attempts) is { } fromAppDir)
        {
            return fromAppDir;
        }

        var failures = new List<string>();
        foreach (var name in names)
        {
            try
            {
                return (NativeLibrary.Load(name), name, []);
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                var message = NativeLibraryProbe.LoaderMessage(ex.Message);
                failures.Add(message.StartsWith(name, StringComparison.Ordinal) ? message : $"{name}: {message}");
            }
        }

        attempts.Add(new NativeLibraryAttempt("system search path", string.Join(", ", names), string.Join("; ", failures)));
        throw new NativeLibraryNotFoundException($"the Paddle Inference C library ({names[0]})", attempts, InstallHint);
    }

    private static (IntPtr, string, IReadOnlyList<string>)? TryFolder(string source, string folder, IReadOnlyList<string> names, IReadOnlyList<string> dependencyFolders, List<NativeLibraryAttempt> attempts)
    {
        NativeLibraryAttempt? missing = null;
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                missing ??= new NativeLibraryAttempt(source, path, "file not found");
                continue;
            }

            return TryLoad(source, path, dependencyFolders, attempts);
        }

        attempts.Add(missing!);
        return null;
    }

    private static (IntPtr, string, IReadOnlyList<string>)? TryLoad(string source, string path, IReadOnlyList<string> dependencyFolders, List<NativeLibraryAttempt> attempts)
    {
        if (!File.Exists(path))
        {
            attempts.Add(new NativeLibraryAttempt(source, path, "file not found"));
            return null;
        }

        var preloaded = Preload(dependencyFolders);
        try
        {
            return (NativeLibrary.Load(path), path, preloaded);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            // The loader's message names the missing dependency (e.g. "libdnnl.so.3: cannot open shared object file").
            attempts.Add(new NativeLibraryAttempt(source, path, NativeLibraryProbe.LoaderMessage(ex.Message)));
            return null;
        }
    }

    /// <summary>
    /// Loads the dependencies found in <paramref name="folders"/> so that the loader resolves Paddle's own references
    /// to them by name. A dependency that fails to load is skipped: loading Paddle then reports what is missing.
    /// </summary>
    private static List<string> Preload(IReadOnlyList<string> folders)
    {
        var loaded = new List<string>();
        foreach (var name in DependencyFileNames)
        {
            foreach (var folder in folders)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out _))
                {
                    loaded.Add(path);
                    break;
                }
            }
        }

        return loaded;
    }
}

using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>
/// Every folder the model cache searches by name, pointed at empty temporary folders through the environment
/// (<c>PADDLEX_MODEL_CACHE</c>, <c>PADDLE_PDX_CACHE_HOME</c>, the setup folder <c>PADDLEINFERENCESHARP_DEPS</c>), with
/// ONNX Runtime still found through <c>PADDLEINFERENCESHARP_ONNXRUNTIME_PATH</c>: "no local model" for a model name.
/// Offline mode is left off (<c>PADDLEINFERENCESHARP_OFFLINE</c> unset). Deleted when disposed.
/// </summary>
public sealed class EmptyModelCaches : IDisposable
{
    /// <summary>Creates the folders.</summary>
    public EmptyModelCaches()
    {
        Root = TestPaths.NewTempDirectory("no-models");
        foreach (var dir in new[] { ExplicitCache, EnvironmentCache, PaddleXHome, SetupFolder })
        {
            Directory.CreateDirectory(dir);
        }
    }

    /// <summary>The folder holding the others.</summary>
    public string Root { get; }

    /// <summary>An empty folder to pass as the explicit cache (<c>OcrPipelineOptions.ModelCacheDir</c>).</summary>
    public string ExplicitCache => Path.Combine(Root, "explicit");

    /// <summary>What <c>PADDLEX_MODEL_CACHE</c> names.</summary>
    public string EnvironmentCache => Path.Combine(Root, "env-cache");

    /// <summary>What <c>PADDLE_PDX_CACHE_HOME</c> names (PaddleX's <c>official_models</c> is searched under it).</summary>
    public string PaddleXHome => Path.Combine(Root, "paddlex-home");

    /// <summary>What <c>PADDLEINFERENCESHARP_DEPS</c> names (its <c>models</c> folder is searched).</summary>
    public string SetupFolder => Path.Combine(Root, "deps");

    /// <summary>The environment that points the caches here.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PADDLEX_MODEL_CACHE"] = EnvironmentCache,
        ["PADDLE_PDX_CACHE_HOME"] = PaddleXHome,
        ["PADDLEINFERENCESHARP_DEPS"] = SetupFolder,
        ["PADDLEINFERENCESHARP_ONNXRUNTIME_PATH"] = OnnxRuntimeLibrary(),
        ["PADDLEINFERENCESHARP_OFFLINE"] = null,
    };

    /// <summary>The directories where <paramref name="model"/> is looked for by a process whose application directory is <paramref name="appDirectory"/> (without the explicit cache).</summary>
    public IReadOnlyList<string> FoldersFor(string model, string appDirectory) =>
    [
        Path.Combine(EnvironmentCache, model),
        Path.Combine(appDirectory, "paddleocr-models", model),
        Path.Combine(PaddleXHome, "official_models", model),
        Path.Combine(SetupFolder, "models", model),
    ];

    /// <summary>Deletes the folders.</summary>
    public void Dispose() => Directory.Delete(Root, true);

    // The library scripts/setup.sh installed (.deps/onnxruntime/<version>/<rid>/).
    private static string OnnxRuntimeLibrary()
    {
        var root = Path.Combine(TestPaths.Deps, "onnxruntime");
        var library = Directory.Exists(root) ? Directory.EnumerateFiles(root, "libonnxruntime.so.1", SearchOption.AllDirectories).FirstOrDefault() : null;
        if (library is null)
        {
            Assert.Fail($"ONNX Runtime is not installed under {root}: run scripts/setup.sh first.");
        }

        return library!;
    }
}

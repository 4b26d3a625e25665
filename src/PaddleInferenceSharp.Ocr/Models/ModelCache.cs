using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// Finds official models by name in caches laid out as PaddleX's (<c>&lt;root&gt;/&lt;model name&gt;/</c>): the
/// explicit root, <c>PADDLEX_MODEL_CACHE</c>, the application's <c>paddleocr-models</c> folder (filled by model
/// packages such as <c>PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile</c>), PaddleX's own <c>official_models</c> folder
/// (<c>$PADDLE_PDX_CACHE_HOME</c> or <c>~/.paddlex</c>), and the setup folder's <c>models</c> (filled by
/// scripts/setup.sh in a checkout). A model found nowhere is downloaded into the first root when a downloader is
/// given and offline mode (<see cref="ModelDownloadOptions.OfflineVariable"/>) is off; otherwise the error names the
/// model, every directory looked in and the folder to put it in.
/// </summary>
public sealed class ModelCache
{
    /// <summary>Environment variable naming a cache root searched first.</summary>
    public const string EnvironmentVariable = "PADDLEX_MODEL_CACHE";

    private readonly IReadOnlyList<string> _roots;
    private readonly ModelDownloader? _downloader;
    private readonly IProgress<ModelDownloadProgress>? _progress;

    /// <summary>Creates the cache view.</summary>
    /// <param name="root">An explicit cache root searched first (and downloaded into), or null.</param>
    /// <param name="downloader">Downloads missing models; null forbids downloads (offline mode).</param>
    /// <param name="progress">Receives download progress.</param>
    public ModelCache(string? root = null, ModelDownloader? downloader = null, IProgress<ModelDownloadProgress>? progress = null)
    {
        var roots = new List<string>();
        if (!string.IsNullOrEmpty(root))
        {
            roots.Add(Path.GetFullPath(root));
        }

        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv))
        {
            roots.Add(Path.GetFullPath(fromEnv));
        }

        // Models that the application's model packages copied next to it.
        roots.Add(PackagedModels.Root);

        var paddleHome = Environment.GetEnvironmentVariable("PADDLE_PDX_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(paddleHome))
        {
            roots.Add(Path.Combine(Path.GetFullPath(paddleHome), "official_models"));
        }
        else if (!string.IsNullOrEmpty(home))
        {
            roots.Add(Path.Combine(home, ".paddlex", "official_models"));
        }

        if (SetupFolder.Find() is { } setup)
        {
            roots.Add(Path.Combine(setup, "models"));
        }

        _roots = roots;
        _downloader = downloader;
        _progress = progress;
    }

    /// <summary>The folders searched, in order; downloads go to the first one that is not the application's packaged-models folder.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>The directory of model <paramref name="modelName"/>, downloading it when allowed.</summary>
    /// <exception cref="ModelLoadException">
    /// The model is in none of the folders and cannot be downloaded (no downloader, or offline mode by
    /// <see cref="ModelDownloadOptions.OfflineVariable"/>, which wins over a downloader); the message names the model,
    /// every directory looked in and where to put it. Nothing is sent over the network then.
    /// </exception>
    public string Resolve(string modelName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        var candidates = new string[_roots.Count];
        for (var i = 0; i < _roots.Count; i++)
        {
            candidates[i] = Path.Combine(_roots[i], modelName);
            if (Directory.Exists(candidates[i]))
            {
                return candidates[i];
            }
        }

        // Downloads never go into the application's packaged-models folder.
        var downloadRoot = _roots.FirstOrDefault(r => r != PackagedModels.Root);
        var target = downloadRoot is null ? modelName : Path.Combine(downloadRoot, modelName);
        var offlineByEnvironment = ModelDownloadOptions.OfflineByEnvironment;
        if (_downloader is not null && downloadRoot is not null && !offlineByEnvironment)
        {
            return _downloader.EnsureAsync(modelName, downloadRoot, _progress, cancellationToken).GetAwaiter().GetResult();
        }

        var why = offlineByEnvironment ? $"offline mode: {ModelDownloadOptions.OfflineVariable} is set" : "offline mode";
        throw new ModelLoadException(
            $"Model '{modelName}' is not installed and downloading is off ({why}). Looked in: {string.Join(", ", candidates)}. "
            + $"Put the exported model (inference.json or inference.pdmodel with inference.pdiparams and inference.yml, or inference.onnx) in '{target}', or pass its directory explicitly.",
            modelName);
    }
}

using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// Finds official models by name in a cache laid out as PaddleX's (<c>&lt;root&gt;/&lt;model name&gt;/</c>):
/// the explicit root, <c>PADDLEX_MODEL_CACHE</c>, PaddleX's own <c>~/.paddlex/official_models</c>, and the
/// setup folder's <c>models</c> (filled by scripts/setup.sh in a checkout).
/// </summary>
public sealed class ModelCache
{
    /// <summary>Environment variable naming the cache root.</summary>
    public const string EnvironmentVariable = "PADDLEX_MODEL_CACHE";

    private readonly IReadOnlyList<string> _roots;

    /// <summary>Creates the cache view.</summary>
    /// <param name="root">An explicit cache root searched first, or null.</param>
    public ModelCache(string? root = null)
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

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            roots.Add(Path.Combine(home, ".paddlex", "official_models"));
        }

        if (SetupFolder.Find() is { } setup)
        {
            roots.Add(Path.Combine(setup, "models"));
        }

        _roots = roots;
    }

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>The directory of model <paramref name="modelName"/>.</summary>
    /// <exception cref="ModelLoadException">The model is in none of the folders; the message names the model and where to put it.</exception>
    public string Resolve(string modelName)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        foreach (var root in _roots)
        {
            var dir = Path.Combine(root, modelName);
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        var target = _roots.Count > 0 ? Path.Combine(_roots[0], modelName) : modelName;
        throw new ModelLoadException(
            $"Model '{modelName}' was not found in the model cache (searched: {string.Join(", ", _roots)}). "
            + $"Put the exported model (inference.json or inference.pdmodel with inference.pdiparams and inference.yml, or inference.onnx) in '{target}', or pass its directory explicitly.",
            modelName);
    }
}

using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// A PaddleX model directory: the model files (ONNX and/or Paddle program + parameters) and, when present,
/// <c>inference.yml</c> with the pre/post-processing configuration.
/// </summary>
public sealed class ModelDirectory
{
    private ModelDirectory(string path, ModelSource source, ModelConfig? config)
    {
        Path = path;
        Source = source;
        Config = config;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>The model files found.</summary>
    public ModelSource Source { get; }

    /// <summary>The parsed <c>inference.yml</c>, or null for exports without one (classic PaddleOCR models).</summary>
    public ModelConfig? Config { get; }

    /// <summary>The model name from <c>inference.yml</c>, else the directory name.</summary>
    public string ModelName => Config?.ModelName ?? System.IO.Path.GetFileName(Path.TrimEnd(System.IO.Path.DirectorySeparatorChar));

    /// <summary>Opens a model directory.</summary>
    /// <exception cref="ModelLoadException">The directory is missing, holds no model, or its inference.yml is invalid.</exception>
    public static ModelDirectory Open(string path)
    {
        var source = ModelSource.FromDirectory(path);
        var yml = System.IO.Path.Combine(source.Directory!, "inference.yml");
        var config = File.Exists(yml) ? ModelConfig.Load(yml) : null;
        return new ModelDirectory(source.Directory!, source, config);
    }

    /// <summary>
    /// The recognition dictionary: <paramref name="explicitFile"/> if given, else <c>PostProcess.character_dict</c> of
    /// inference.yml, else the single <c>*.txt</c> file in the directory.
    /// </summary>
    /// <exception cref="ModelLoadException">No dictionary can be found, or several candidate files exist.</exception>
    public IReadOnlyList<string> ResolveDictionary(string? explicitFile = null)
    {
        if (explicitFile is not null)
        {
            return RecognitionDictionary.ReadFile(explicitFile);
        }

        if (Config?.CharacterDict is { Count: > 0 } fromConfig)
        {
            return fromConfig;
        }

        var candidates = Directory.GetFiles(Path, "*.txt");
        return candidates.Length switch
        {
            1 => RecognitionDictionary.ReadFile(candidates[0]),
            0 => throw new ModelLoadException($"Recognition model directory '{Path}' has no dictionary: no PostProcess.character_dict in inference.yml and no *.txt file. Pass the dictionary file explicitly.", Path),
            _ => throw new ModelLoadException($"Recognition model directory '{Path}' has several *.txt files ({string.Join(", ", candidates.Select(System.IO.Path.GetFileName))}); pass the dictionary file explicitly.", Path),
        };
    }
}

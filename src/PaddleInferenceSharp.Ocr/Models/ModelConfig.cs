using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// The parts of a PaddleX <c>inference.yml</c> that inference needs: the model name, the pre-processing
/// operators with their arguments, and the post-processing (name, thresholds, <c>character_dict</c>, label list).
/// </summary>
public sealed class ModelConfig
{
    private ModelConfig(string path, string? modelName, IReadOnlyList<TransformOp> preProcess, YamlMappingNode? postProcess)
    {
        Path = path;
        ModelName = modelName;
        PreProcess = preProcess;
        PostProcess = postProcess;
    }

    /// <summary>The file this configuration was read from.</summary>
    public string Path { get; }

    /// <summary><c>Global.model_name</c>, e.g. <c>PP-OCRv4_mobile_det</c>.</summary>
    public string? ModelName { get; }

    /// <summary><c>PreProcess.transform_ops</c> in order.</summary>
    public IReadOnlyList<TransformOp> PreProcess { get; }

    /// <summary>The <c>PostProcess</c> mapping, if any.</summary>
    public YamlMappingNode? PostProcess { get; }

    /// <summary><c>PostProcess.name</c> (e.g. <c>DBPostProcess</c>, <c>CTCLabelDecode</c>).</summary>
    public string? PostProcessName => GetScalar(PostProcess, "name");

    /// <summary><c>PostProcess.character_dict</c>: the recognition dictionary, if present.</summary>
    public IReadOnlyList<string>? CharacterDict => GetSequence(PostProcess, "character_dict");

    /// <summary><c>PostProcess.Topk.label_list</c>: classifier labels, if present.</summary>
    public IReadOnlyList<string>? LabelList =>
        PostProcess is not null && PostProcess.Children.TryGetValue(new YamlScalarNode("Topk"), out var topk) && topk is YamlMappingNode map
            ? GetSequence(map, "label_list")
            : null;

    /// <summary>The arguments of the first pre-processing operator called <paramref name="name"/>, if present.</summary>
    public YamlMappingNode? FindPreProcess(string name) => PreProcess.FirstOrDefault(op => op.Name == name)?.Arguments;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ModelLoadException">The file is missing or is not valid YAML of the expected shape.</exception>
    public static ModelConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"Cannot read model configuration '{path}': {ex.Message}", path, ex);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ModelLoadException($"Model configuration '{path}' is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", path, ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ModelLoadException($"Model configuration '{path}' is empty or not a mapping.", path);
        }

        string? modelName = null;
        if (root.Children.TryGetValue(new YamlScalarNode("Global"), out var global) && global is YamlMappingNode globalMap)
        {
            modelName = GetScalar(globalMap, "model_name");
        }

        var ops = new List<TransformOp>();
        if (root.Children.TryGetValue(new YamlScalarNode("PreProcess"), out var pre) && pre is YamlMappingNode preMap
            && preMap.Children.TryGetValue(new YamlScalarNode("transform_ops"), out var list) && list is YamlSequenceNode sequence)
        {
            foreach (var item in sequence)
            {
                if (item is not YamlMappingNode opMap || opMap.Children.Count != 1)
                {
                    throw new ModelLoadException($"Model configuration '{path}': PreProcess.transform_ops entry at line {item.Start.Line} must be a one-key mapping.", path);
                }

                var (key, value) = opMap.Children.First();
                ops.Add(new TransformOp(((YamlScalarNode)key).Value ?? string.Empty, value as YamlMappingNode));
            }
        }

        YamlMappingNode? post = null;
        if (root.Children.TryGetValue(new YamlScalarNode("PostProcess"), out var postNode))
        {
            post = postNode as YamlMappingNode;
        }

        return new ModelConfig(path, modelName, ops, post);
    }

    /// <summary>A scalar child of <paramref name="map"/>, or null.</summary>
    public static string? GetScalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>A sequence of scalars under <paramref name="key"/>, or null.</summary>
    public static IReadOnlyList<string>? GetSequence(YamlMappingNode? map, string key)
    {
        if (map is null || !map.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlSequenceNode seq)
        {
            return null;
        }

        var result = new List<string>(seq.Children.Count);
        foreach (var item in seq)
        {
            result.Add(item is YamlScalarNode s ? s.Value ?? string.Empty : item.ToString());
        }

        return result;
    }
}

/// <summary>One pre-processing operator of <c>inference.yml</c>.</summary>
/// <param name="Name">The operator, e.g. <c>DetResizeForTest</c>.</param>
/// <param name="Arguments">Its arguments, or null when it has none.</param>
public sealed record TransformOp(string Name, YamlMappingNode? Arguments);

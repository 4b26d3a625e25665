using System.Text.Json;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>
/// Model sets an application carries as NuGet packages (<c>PaddleInferenceSharp.Ocr.Models.*</c>). A package
/// copies its model directories to <c>&lt;app&gt;/paddleocr-models/&lt;model name&gt;/</c> and writes
/// <c>&lt;set&gt;.modelset.json</c> beside them, naming the model of each module
/// (<c>{"text_detection": "PP-OCRv4_mobile_det", ...}</c>). Those models are what a pipeline uses when its options
/// name no model for a module.
/// </summary>
internal static class PackagedModels
{
    /// <summary>The folder in the application directory that model packages fill.</summary>
    public const string FolderName = "paddleocr-models";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Defaults = new(() => Read(Root));

    /// <summary>The application's model folder (it may not exist).</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>The model the packaged sets name for <paramref name="module"/> (PaddleX's sub-module key, e.g. <c>text_detection</c>), or null.</summary>
    public static string? ModelFor(string module) => Defaults.Value.TryGetValue(module, out var name) ? name : null;

    /// <summary>Reads every <c>*.modelset.json</c> of <paramref name="root"/>, in name order; the first set naming a module wins.</summary>
    /// <exception cref="Engine.ModelLoadException">A manifest is not a JSON object of strings; the message names the file.</exception>
    internal static IReadOnlyDictionary<string, string> Read(string root)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return models;
        }

        var manifests = Directory.GetFiles(root, "*.modelset.json");
        Array.Sort(manifests, StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
                foreach (var property in doc.RootElement.GetProperty("models").EnumerateObject())
                {
                    var name = property.Value.GetString();
                    if (!string.IsNullOrEmpty(name))
                    {
                        models.TryAdd(property.Name, name);
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IOException)
            {
                throw new Engine.ModelLoadException($"The model set manifest '{manifest}' is not valid ({ex.Message}); it must be a JSON object with a \"models\" object mapping modules to model names. Reinstall the model package.", manifest, ex);
            }
        }

        return models;
    }
}

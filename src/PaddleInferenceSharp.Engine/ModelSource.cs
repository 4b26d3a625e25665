namespace PaddleInferenceSharp.Engine;

/// <summary>The files of one model, in the formats found: ONNX and/or a Paddle program with its parameters.</summary>
/// <remarks>
/// Engines pick the format they run: ONNX Runtime prefers <see cref="OnnxPath"/>, Paddle Inference the Paddle
/// program. A PaddleX export directory holds <c>inference.json</c> (PIR, Paddle 3.x) or <c>inference.pdmodel</c>
/// (classic), <c>inference.pdiparams</c> and <c>inference.yml</c>; its ONNX form holds <c>inference.onnx</c>.
/// </remarks>
public sealed class ModelSource
{
    private ModelSource(string displayName, string? directory, string? onnxPath, string? programPath, string? paramsPath, ReadOnlyMemory<byte> onnxBytes)
    {
        DisplayName = displayName;
        Directory = directory;
        OnnxPath = onnxPath;
        PaddleProgramPath = programPath;
        PaddleParamsPath = paramsPath;
        OnnxBytes = onnxBytes;
    }

    /// <summary>The directory or file the model came from, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The model directory, when the model came from one.</summary>
    public string? Directory { get; }

    /// <summary>An ONNX model file, if present.</summary>
    public string? OnnxPath { get; }

    /// <summary>ONNX model bytes held in memory (empty when none).</summary>
    public ReadOnlyMemory<byte> OnnxBytes { get; }

    /// <summary>A Paddle program: <c>*.json</c> (PIR) or <c>*.pdmodel</c> (classic ProgramDesc), if present.</summary>
    public string? PaddleProgramPath { get; }

    /// <summary>The combined Paddle parameters file (<c>*.pdiparams</c>) beside <see cref="PaddleProgramPath"/>, if present.</summary>
    public string? PaddleParamsPath { get; }

    /// <summary>Whether the Paddle program is a PIR program (<c>.json</c>), which needs Paddle 3.x to run natively.</summary>
    public bool IsPirProgram => PaddleProgramPath is not null && PaddleProgramPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether an ONNX model is available (file or bytes).</summary>
    public bool HasOnnx => OnnxPath is not null || !OnnxBytes.IsEmpty;

    /// <summary>Whether a Paddle program is available.</summary>
    public bool HasPaddleProgram => PaddleProgramPath is not null;

    /// <summary>A model from one file: <c>.onnx</c>, <c>.json</c> or <c>.pdmodel</c> (parameters are looked up beside it with the same stem).</summary>
    /// <exception cref="ModelLoadException">The file does not exist or has an unknown extension.</exception>
    public static ModelSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ModelLoadException($"Model file '{full}' does not exist.", full);
        }

        var ext = Path.GetExtension(full).ToLowerInvariant();
        switch (ext)
        {
            case ".onnx":
                return new ModelSource(full, Path.GetDirectoryName(full), full, null, null, default);
            case ".json":
            case ".pdmodel":
                var parameters = Path.ChangeExtension(full, ".pdiparams");
                return new ModelSource(full, Path.GetDirectoryName(full), null, full, File.Exists(parameters) ? parameters : null, default);
            default:
                throw new ModelLoadException($"Model file '{full}' has an unknown extension '{ext}'; expected .onnx, .json (PIR) or .pdmodel.", full);
        }
    }

    /// <summary>An ONNX model held in memory.</summary>
    /// <param name="onnxModel">The serialized ModelProto.</param>
    /// <param name="displayName">A name for messages and logs.</param>
    public static ModelSource FromOnnxBytes(ReadOnlyMemory<byte> onnxModel, string displayName)
    {
        if (onnxModel.IsEmpty)
        {
            throw new ArgumentException("The ONNX model buffer is empty.", nameof(onnxModel));
        }

        return new ModelSource(displayName, null, null, null, null, onnxModel);
    }

    /// <summary>
    /// Detects the model files in a directory: <c>inference.onnx</c> (or exactly one <c>*.onnx</c>),
    /// <c>inference.json</c> or <c>inference.pdmodel</c> (or <c>model.json</c>/<c>model.pdmodel</c>) with the
    /// <c>.pdiparams</c> of the same stem.
    /// </summary>
    /// <exception cref="ModelLoadException">The directory does not exist or holds no model file.</exception>
    public static ModelSource FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new ModelLoadException($"Model directory '{full}' does not exist.", full);
        }

        string? onnx = Path.Combine(full, "inference.onnx");
        if (!File.Exists(onnx))
        {
            var candidates = System.IO.Directory.GetFiles(full, "*.onnx");
            onnx = candidates.Length == 1 ? candidates[0] : null;
        }

        string? program = null;
        foreach (var stem in new[] { "inference", "model" })
        {
            foreach (var ext in new[] { ".json", ".pdmodel" })
            {
                var candidate = Path.Combine(full, stem + ext);
                if (program is null && File.Exists(candidate))
                {
                    program = candidate;
                }
            }
        }

        string? parameters = program is null ? null : Path.ChangeExtension(program, ".pdiparams");
        if (parameters is not null && !File.Exists(parameters))
        {
            parameters = null;
        }

        if (onnx is null && program is null)
        {
            throw new ModelLoadException(
                $"Model directory '{full}' holds no model: expected inference.onnx, inference.json (PIR) or inference.pdmodel with inference.pdiparams.", full);
        }

        return new ModelSource(full, full, onnx, program, parameters, default);
    }

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}

using System.Security.Cryptography;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// Where the int8 models that calibration writes are kept: per fp32 model, <c>KEY.onnx</c> (the quantized model) and
/// <c>KEY.calibration.json</c> (its activation ranges and what was quantized), keyed by the SHA-256 of the model files,
/// the quantizer and converter versions and whether ONNX graphs are optimised, so that a changed model never
/// returns a stale quantization.
/// </summary>
public sealed class OnnxInt8ModelCache
{
    /// <summary>Environment variable naming the cache directory (default: <c>~/.cache/paddleinferencesharp/int8</c>).</summary>
    public const string DirectoryVariable = "PADDLEINFERENCESHARP_INT8_CACHE";

    /// <summary>Bumped when quantization changes what it writes.</summary>
    public const string QuantizerVersion = "1";

    /// <summary>Uses <paramref name="directory"/>, else <see cref="DirectoryVariable"/>, else the default.</summary>
    public OnnxInt8ModelCache(string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory))
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            directory = Path.Combine(string.IsNullOrEmpty(cache) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cache, "paddleinferencesharp", "int8");
        }

        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The cache directory.</summary>
    public string Directory { get; }

    /// <summary>The key of a model as the engine would load it in fp32.</summary>
    /// <exception cref="ModelLoadException">The model files cannot be read.</exception>
    public static string Key(ModelSource model, bool optimizeOnnxGraphs)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"int8/{QuantizerVersion}/converter {PaddleToOnnxConverter.ConverterVersion}/optimize {optimizeOnnxGraphs}/"));
        try
        {
            if (model.OnnxPath is { } onnx)
            {
                hash.AppendData(File.ReadAllBytes(onnx));
            }
            else if (!model.OnnxBytes.IsEmpty)
            {
                hash.AppendData(model.OnnxBytes.Span);
            }
            else if (model.PaddleProgramPath is { } program)
            {
                hash.AppendData(File.ReadAllBytes(program));
                if (model.PaddleParamsPath is { } parameters)
                {
                    hash.AppendData(File.ReadAllBytes(parameters));
                }
            }
            else
            {
                throw new ModelLoadException($"Model '{model.DisplayName}' has no ONNX or Paddle model file to quantize.", model.DisplayName);
            }
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"Cannot read model '{model.DisplayName}' to find its int8 model: {e.Message}", model.DisplayName, e);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The quantized model of <paramref name="key"/>.</summary>
    public string ModelPath(string key) => Path.Combine(Directory, key + ".onnx");

    /// <summary>The calibration statistics and quantization summary of <paramref name="key"/>.</summary>
    public string CalibrationPath(string key) => Path.Combine(Directory, key + ".calibration.json");

    /// <summary>Writes a file of the cache through a temporary file and a rename, so readers never see part of one.</summary>
    internal static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes.ToArray());
        File.Move(temp, path, overwrite: true);
    }
}

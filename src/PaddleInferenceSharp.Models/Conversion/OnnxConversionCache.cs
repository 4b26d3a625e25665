using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// An on-disk cache of converted ONNX models, keyed by the SHA-256 of the Paddle program and parameter files and
/// the converter version: a changed input or converter never returns a stale model.
/// </summary>
/// <remarks>Thread-safe; entries are written to a temporary file and renamed, so concurrent writers never expose partial files.</remarks>
public sealed class OnnxConversionCache
{
    private readonly ILogger _logger;

    /// <summary>Uses (and creates when needed) <paramref name="directory"/>.</summary>
    public OnnxConversionCache(string directory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The cache directory.</summary>
    public string Directory { get; }

    /// <summary>The cache key of a program and parameter file pair (hex SHA-256).</summary>
    public static string Key(string programPath, string? paramsPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes("paddle-to-onnx/" + PaddleToOnnxConverter.ConverterVersion + "/"));
        AppendFile(hash, programPath);
        if (paramsPath is not null)
        {
            AppendFile(hash, paramsPath);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Returns the cached model for the key, or null.</summary>
    public byte[]? TryGet(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Cannot read cached ONNX model {Path}: {Message}; converting again", path, e.Message);
            return null;
        }
    }

    /// <summary>Stores a model under the key; failures to write are logged, not thrown (the cache is optional).</summary>
    public void Put(string key, byte[] onnxModel)
    {
        var path = PathOf(key);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, onnxModel);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Cannot write the ONNX cache entry {Path}: {Message}", path, e.Message);
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".onnx");

    private static void AppendFile(IncrementalHash hash, string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}

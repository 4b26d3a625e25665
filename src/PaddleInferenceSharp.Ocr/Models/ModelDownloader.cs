using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr.Models;

/// <summary>Progress of a model download.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="BytesReceived">Bytes of the archive on disk so far (including a resumed part).</param>
/// <param name="TotalBytes">The archive size, when the server said it.</param>
public readonly record struct ModelDownloadProgress(string ModelName, long BytesReceived, long? TotalBytes);

/// <summary>Where and how official models are downloaded.</summary>
public sealed record ModelDownloadOptions
{
    /// <summary>PaddleX's host for official inference models: <c>&lt;base&gt;/&lt;name&gt;_infer.tar</c>.</summary>
    public const string PaddleXBaseUrl = "https://paddle-model-ecology.bj.bcebos.com/paddlex/official_inference_model/paddle3.0.0/";

    /// <summary>
    /// Environment variable that, when set to 1/true, forbids every model download, whatever the options say: the
    /// pipeline reports the missing model and where it looked instead, and <see cref="ModelDownloader"/> refuses.
    /// </summary>
    public const string OfflineVariable = "PADDLEINFERENCESHARP_OFFLINE";

    /// <summary>Base URL of the archives.</summary>
    public string BaseUrl { get; init; } = PaddleXBaseUrl;

    /// <summary>Known SHA-256 of archives by model name; an archive whose hash differs is rejected and deleted.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = KnownChecksums;

    /// <summary>Whether an archive without a known checksum may be installed (its hash is logged and recorded).</summary>
    public bool AllowUnverified { get; init; } = true;

    /// <summary>Time allowed for the whole download of one model.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether downloads are forbidden by <see cref="OfflineVariable"/>.</summary>
    public static bool OfflineByEnvironment =>
        Environment.GetEnvironmentVariable(OfflineVariable) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>SHA-256 of official archives published alongside them.</summary>
    public static IReadOnlyDictionary<string, string> KnownChecksums { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PP-OCRv5_mobile_det"] = "50446e5d01ac2a73d5319c89513281f6578414c888c602f9af13f93feefffc58",
    };
}

/// <summary>
/// Downloads official model archives into a PaddleX-layout cache (<c>&lt;root&gt;/&lt;model name&gt;/</c>):
/// resumable (HTTP range requests continue a <c>.partial</c> file), verified (SHA-256 when known), and atomic
/// (extracted to a temporary folder, then moved into place, so a cache folder is either complete or absent).
/// </summary>
/// <remarks>Thread-safe for different models; two processes fetching the same model each complete or fail whole.</remarks>
public sealed class ModelDownloader
{
    private readonly HttpClient _http;
    private readonly ModelDownloadOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a downloader.</summary>
    /// <param name="http">The client to use (not disposed); a new one when null.</param>
    /// <param name="options">Source, checksums and limits.</param>
    /// <param name="logger">Receives progress and verification messages.</param>
    public ModelDownloader(HttpClient? http = null, ModelDownloadOptions? options = null, ILogger? logger = null)
    {
        _http = http ?? new HttpClient();
        _options = options ?? new ModelDownloadOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Makes sure <paramref name="modelName"/> is in <paramref name="cacheRoot"/>, downloading it if needed.</summary>
    /// <returns>The model directory.</returns>
    /// <exception cref="ModelLoadException">The download failed, the checksum did not match, or the archive holds no model; nothing is left in the cache. Also when the model is missing and <see cref="ModelDownloadOptions.OfflineVariable"/> forbids downloads (nothing is sent).</exception>
    public async Task<string> EnsureAsync(string modelName, string cacheRoot, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        if (modelName.IndexOfAny(['/', '\\']) >= 0 || modelName.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{modelName}' is not a model name.", nameof(modelName));
        }

        var target = Path.Combine(cacheRoot, modelName);
        if (Directory.Exists(target))
        {
            return target;
        }

        if (ModelDownloadOptions.OfflineByEnvironment)
        {
            throw new ModelLoadException($"Model '{modelName}' is not in '{target}' and offline mode ({ModelDownloadOptions.OfflineVariable}) forbids downloading it. Put the exported model there.", modelName);
        }

        var downloads = Path.Combine(cacheRoot, ".downloads");
        Directory.CreateDirectory(downloads);
        var archive = Path.Combine(downloads, modelName + "_infer.tar");
        var partial = archive + ".partial";
        var url = new Uri(new Uri(_options.BaseUrl.EndsWith('/') ? _options.BaseUrl : _options.BaseUrl + "/"), modelName + "_infer.tar");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await DownloadAsync(url, modelName, partial, progress, timeout.Token).ConfigureAwait(false);
            Verify(modelName, partial);
            File.Move(partial, archive, overwrite: true);
            Install(modelName, archive, cacheRoot, target);
            File.Delete(archive);
            _logger.LogInformation("Installed model {Model} in {Directory}", modelName, target);
            return target;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelLoadException($"Downloading model '{modelName}' from {url} took longer than {_options.Timeout}; the partial file is kept and the next attempt resumes it.", modelName);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelLoadException($"Cannot download model '{modelName}' from {url}: {ex.Message}. Put the exported model in '{target}' to use it offline.", modelName, ex);
        }
        catch (IOException ex)
        {
            throw new ModelLoadException($"Cannot install model '{modelName}' into '{target}': {ex.Message}", modelName, ex);
        }
    }

    private async Task DownloadAsync(Uri url, string modelName, string partial, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The partial file is complete (or the server changed the file); verification decides.
            return;
        }

        response.EnsureSuccessStatusCode();
        var resume = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (!resume)
        {
            existing = 0;
        }

        var total = response.Content.Headers.ContentLength is { } length ? length + existing : (long?)null;
        _logger.LogInformation("Downloading {Model} from {Url}{Resume}", modelName, url, resume ? $" (resuming at {existing} bytes)" : string.Empty);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(partial, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        var received = existing;
        progress?.Report(new ModelDownloadProgress(modelName, received, total));
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            received += read;
            progress?.Report(new ModelDownloadProgress(modelName, received, total));
        }

        if (total is { } expected && received != expected)
        {
            throw new IOException($"the download ended after {received} of {expected} bytes; the next attempt resumes it");
        }
    }

    private void Verify(string modelName, string file)
    {
        string actual;
        using (var stream = File.OpenRead(file))
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        if (_options.Checksums.TryGetValue(modelName, out var expected))
        {
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(file);
                throw new ModelLoadException($"The archive of model '{modelName}' has SHA-256 {actual}, expected {expected}; it was deleted.", modelName);
            }

            _logger.LogDebug("Verified {Model}: SHA-256 {Hash}", modelName, actual);
        }
        else if (_options.AllowUnverified)
        {
            _logger.LogWarning("No published checksum for model {Model}; its archive has SHA-256 {Hash}", modelName, actual);
        }
        else
        {
            File.Delete(file);
            throw new ModelLoadException($"Model '{modelName}' has no known checksum and unverified downloads are not allowed (its archive had SHA-256 {actual}).", modelName);
        }
    }

    private static void Install(string modelName, string archive, string cacheRoot, string target)
    {
        var staging = Path.Combine(cacheRoot, $".staging-{modelName}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            try
            {
                TarFile.ExtractToDirectory(archive, staging, overwriteFiles: false);
            }
            catch (InvalidDataException ex)
            {
                File.Delete(archive);
                throw new ModelLoadException($"The archive of model '{modelName}' is not a valid tar file: {ex.Message}", modelName, ex);
            }

            // Official archives hold one folder "<name>_infer/"; accept files at the top level too.
            var root = Path.Combine(staging, modelName + "_infer");
            if (!Directory.Exists(root))
            {
                var folders = Directory.GetDirectories(staging);
                root = folders.Length == 1 && Directory.GetFiles(staging).Length == 0 ? folders[0] : staging;
            }

            try
            {
                _ = ModelSource.FromDirectory(root);
            }
            catch (ModelLoadException)
            {
                File.Delete(archive);
                throw new ModelLoadException($"The archive of model '{modelName}' holds no model files (inference.json/.pdmodel/.onnx).", modelName);
            }

            try
            {
                Directory.Move(root, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another process installed it meanwhile.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}

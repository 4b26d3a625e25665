namespace PaddleInferenceSharp.Ocr.Inputs;

/// <summary>
/// How inputs given by URL are fetched (<see cref="UrlFetcher"/>): <see cref="OcrPipeline"/>'s <c>Predict</c>, the
/// CLI's <c>--input https://...</c> and the server's <c>file</c> use the same policy. Only public addresses are
/// reached unless <see cref="AllowPrivateAddresses"/>; size and time are limited. Offline mode
/// (<c>PADDLEINFERENCESHARP_OFFLINE</c>) covers model downloads only: a URL input is user input and is fetched.
/// </summary>
public sealed record UrlInputOptions
{
    /// <summary>
    /// Accept <c>http</c>/<c>https</c> URLs as inputs. On by default for the pipeline and the CLI (as PaddleX's
    /// <c>predict</c>); the server turns it off unless started with <c>--allow_url_input</c>, since it would fetch
    /// on behalf of its clients.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Allow URLs whose host resolves to loopback, private, link-local, multicast or other non-public addresses (<c>--allow_private_urls</c>).</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>Largest download in bytes (32 MiB).</summary>
    public long MaxBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Longest a download may take, connect and transfer (10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Redirects followed (3); each target is checked like the first URL.</summary>
    public int MaxRedirects { get; init; } = 3;
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace PaddleInferenceSharp.Ocr.Inputs;

/// <summary>
/// Downloads inputs given by URL without SSRF: http(s) only, every address the host resolves to is checked before
/// connecting (and the checked address is the one connected to, so DNS rebinding cannot swap it), redirects are
/// followed by hand and checked again, and size and time are limited (<see cref="UrlInputOptions"/>).
/// </summary>
/// <remarks>Thread-safe; one instance can serve a whole application (it holds one connection pool).</remarks>
public sealed class UrlFetcher : IDisposable
{
    // Longest URL quoted in a message: a URL sent in error may be a whole file.
    private const int MaxQuotedLength = 200;

    private readonly HttpClient _client;

    /// <summary>Creates a fetcher with <paramref name="options"/> (the defaults when null: public addresses only, 32 MiB, 10 s).</summary>
    public UrlFetcher(UrlInputOptions? options = null)
    {
        Options = options ?? new UrlInputOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = Options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PaddleInferenceSharp", "1.0"));
    }

    /// <summary>The policy this fetcher applies.</summary>
    public UrlInputOptions Options { get; }

    /// <summary>True when <paramref name="input"/> starts with <c>http://</c> or <c>https://</c> (any case): an input to fetch rather than a file path.</summary>
    public static bool IsUrl(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Downloads <paramref name="url"/>.</summary>
    /// <returns>The body and the final URL (after redirects), whose file name may tell the file type.</returns>
    /// <exception cref="UrlInputException">
    /// The URL is refused (<see cref="UrlInputException.Refused"/>: URL inputs off, not http(s), credentials, a
    /// non-public address) or the download fails (unresolvable host, HTTP error, too many redirects, too large, too slow).
    /// </exception>
    public async Task<(byte[] Data, Uri FinalUrl)> FetchAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var uri = CheckUrl(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= Options.MaxRedirects)
                    {
                        throw Failed(uri, $"Fetching {Describe(uri)}: more than {Options.MaxRedirects} redirects.");
                    }

                    uri = CheckUrl(new Uri(uri, location).ToString());
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Failed(uri, $"Fetching {Describe(uri)} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                if (response.Content.Headers.ContentLength > Options.MaxBytes)
                {
                    throw Failed(uri, $"Fetching {Describe(uri)}: the file ({response.Content.Headers.ContentLength} bytes) is larger than the limit of {Options.MaxBytes} bytes.");
                }

                return (await ReadLimitedAsync(response.Content, uri, timeout.Token).ConfigureAwait(false), uri);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UrlInputException(Describe(uri), false, $"Fetching {Describe(uri)} took longer than {Options.Timeout.TotalSeconds:0.###} s.", ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is ConnectRefusedException refused)
        {
            throw new UrlInputException(Describe(uri), refused.Refused, $"The URL {Describe(uri)}: {refused.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Failed(uri, $"Fetching {Describe(uri)} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>The URL as messages and results show it: scheme, host, port and path, without credentials or query, and cut at 200 characters.</summary>
    internal static string Describe(Uri uri)
    {
        var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return Quotable(text);
    }

    private static string Quotable(string text) => text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "...");

    private Uri CheckUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new UrlInputException(Quotable(url), true, $"'{Quotable(url)}' is not an absolute http:// or https:// URL; only those are fetched.");
        }

        var described = Describe(uri);
        if (!Options.Enabled)
        {
            throw new UrlInputException(described, true, $"Cannot fetch {described}: URL inputs are switched off (UrlInputOptions.Enabled).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new UrlInputException(described, true, $"The URL {described} carries credentials (user:password@); such URLs are refused.");
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal) && !Options.AllowPrivateAddresses && AddressPolicy.IsNonPublic(literal))
        {
            throw new UrlInputException(described, true, $"The URL {described} points to a non-public address ({literal}); such URLs are refused unless private addresses are allowed (--allow_private_urls, UrlInputOptions.AllowPrivateAddresses).");
        }

        return uri;
    }

    // Resolves the host, refuses non-public addresses and connects to a checked address.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new ConnectRefusedException(false, $"the host '{host}' cannot be resolved: {ex.Message}");
            }
        }

        if (!Options.AllowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (AddressPolicy.IsNonPublic(address))
                {
                    throw new ConnectRefusedException(true, $"the host '{host}' resolves to a non-public address ({address}); such URLs are refused unless private addresses are allowed (--allow_private_urls, UrlInputOptions.AllowPrivateAddresses).");
                }
            }
        }

        if (addresses.Length == 0)
        {
            throw new ConnectRefusedException(false, $"the host '{host}' has no addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, Uri uri, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > Options.MaxBytes)
                {
                    throw Failed(uri, $"Fetching {Describe(uri)}: the file is larger than the limit of {Options.MaxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static UrlInputException Failed(Uri uri, string message, Exception? inner = null) => new(Describe(uri), false, message, inner);

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    // Thrown from the connect callback, which does not know the URL; FetchAsync names it.
    private sealed class ConnectRefusedException(bool refused, string message) : Exception(message)
    {
        public bool Refused { get; } = refused;
    }
}

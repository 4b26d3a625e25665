using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>
/// Downloads URL inputs without SSRF: http(s) only, every address the host resolves to is checked before connecting
/// (and the checked address is the one connected to, so DNS rebinding cannot swap it), redirects are followed by hand
/// and checked again, and size and time are limited.
/// </summary>
/// <remarks>Thread-safe; one instance serves the whole server.</remarks>
internal sealed class UrlFetcher : IDisposable
{
    private readonly UrlInputOptions _options;
    private readonly HttpClient _client;

    public UrlFetcher(UrlInputOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PaddleInferenceSharp.Server", "1.0"));
    }

    /// <summary>Downloads <paramref name="url"/>.</summary>
    /// <returns>The body and the final URL (after redirects), whose file name may tell the file type.</returns>
    /// <exception cref="ApiException">422 when URL inputs are off or the URL is not allowed; 502 when the download fails, is too large or too slow.</exception>
    public async Task<(byte[] Data, Uri FinalUrl)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            throw new ApiException(422, "URL inputs are disabled on this server; send the file as Base64 (or start the server with --allow_url_input).");
        }

        var uri = CheckUrl(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                    {
                        throw new ApiException(502, $"Fetching {Redact(uri)}: more than {_options.MaxRedirects} redirects.");
                    }

                    uri = CheckUrl(new Uri(uri, location).ToString());
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new ApiException(502, $"Fetching {Redact(uri)} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                if (response.Content.Headers.ContentLength > _options.MaxBytes)
                {
                    throw new ApiException(502, $"Fetching {Redact(uri)}: the file ({response.Content.Headers.ContentLength} bytes) is larger than the limit of {_options.MaxBytes} bytes.");
                }

                return (await ReadLimitedAsync(response.Content, uri, timeout.Token).ConfigureAwait(false), uri);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(502, $"Fetching {Redact(uri)} took longer than {_options.Timeout.TotalSeconds:F0} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is ApiException api)
        {
            throw api;
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException(502, $"Fetching {Redact(uri)} failed: {ex.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private Uri CheckUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ApiException(422, "Only absolute http:// and https:// URLs are accepted as file URLs.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ApiException(422, "File URLs must not carry credentials (user:password@).");
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal) && !_options.AllowPrivateAddresses && AddressPolicy.IsNonPublic(literal))
        {
            throw new ApiException(422, $"The file URL points to a non-public address ({literal}); such URLs are refused (start the server with --allow_private_urls to permit them).");
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
                throw new ApiException(502, $"The file URL's host '{host}' cannot be resolved: {ex.Message}");
            }
        }

        if (!_options.AllowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (AddressPolicy.IsNonPublic(address))
                {
                    throw new ApiException(422, $"The file URL's host '{host}' resolves to a non-public address ({address}); such URLs are refused (start the server with --allow_private_urls to permit them).");
                }
            }
        }

        if (addresses.Length == 0)
        {
            throw new ApiException(502, $"The file URL's host '{host}' has no addresses.");
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
                if (buffer.Length + read > _options.MaxBytes)
                {
                    throw new ApiException(502, $"Fetching {Redact(uri)}: the file is larger than the limit of {_options.MaxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    // Query strings often hold signatures; keep them out of messages and logs.
    private static string Redact(Uri uri) => uri.GetLeftPart(UriPartial.Path);
}

using System.Buffers;
using System.Buffers.Text;
using System.Text;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>The bytes of a request's <c>file</c> and what they are; disposing gives a pooled buffer back.</summary>
internal sealed class RequestFile : IDisposable
{
    private readonly PooledBytes? _pooled;
    private readonly byte[]? _array;

    /// <summary>A file held in a pooled buffer (decoded Base64), which <see cref="Dispose"/> gives back.</summary>
    public RequestFile(PooledBytes data, FileKind kind, string sourceName)
    {
        _pooled = data;
        Kind = kind;
        SourceName = sourceName;
    }

    /// <summary>A file held in its own array (a download).</summary>
    public RequestFile(byte[] data, FileKind kind, string sourceName)
    {
        _array = data;
        Kind = kind;
        SourceName = sourceName;
    }

    /// <summary>The decoded Base64 or downloaded bytes.</summary>
    public ReadOnlyMemory<byte> Data => _pooled?.Memory ?? _array;

    /// <summary>PDF or image: as given by <c>fileType</c>, else inferred.</summary>
    public FileKind Kind { get; }

    /// <summary>A name for messages: <c>file</c> or the URL without its query.</summary>
    public string SourceName { get; }

    /// <summary>Gives a pooled buffer back; <see cref="Data"/> must not be used afterwards.</summary>
    public void Dispose() => _pooled?.Dispose();
}

/// <summary>Turns a request's <c>file</c> (Base64 or URL) and <c>fileType</c> into <see cref="RequestFile"/>.</summary>
internal sealed class RequestFileReader(UrlFetcher urls)
{
    private static ReadOnlySpan<byte> DataUrlScheme => "data:"u8;

    private static ReadOnlySpan<byte> DataUrlMarker => ";base64,"u8;

    /// <summary>Decodes or downloads the file and settles its type. The caller owns (and disposes) the result.</summary>
    /// <exception cref="ApiException">422 for bad Base64, URL inputs off, a refused URL or an undeterminable type; 502 for a failed download.</exception>
    public async Task<RequestFile> ReadAsync(OcrRequest request, CancellationToken cancellationToken)
    {
        if (request.IsUrl)
        {
            if (!urls.Options.Enabled)
            {
                throw new ApiException(422, "URL inputs are disabled on this server; send the file as Base64 (or start the server with --allow_url_input).");
            }

            byte[] body;
            Uri finalUrl;
            try
            {
                (body, finalUrl) = await urls.FetchAsync(request.File, cancellationToken).ConfigureAwait(false);
            }
            catch (UrlInputException ex)
            {
                // Refused before anything was sent: the request is at fault (422); a failed download is upstream's (502).
                throw new ApiException(ex.Refused ? 422 : 502, ex.Message, ex);
            }

            var kind = Settle(body.Length, request.FileType ?? FileTypeDetector.FromUrl(finalUrl) ?? FileTypeDetector.FromContent(body));
            return new RequestFile(body, kind, finalUrl.GetLeftPart(UriPartial.Path));
        }

        var data = DecodeBase64(request.FileUtf8.Span);
        try
        {
            return new RequestFile(data, Settle(data.Length, request.FileType ?? FileTypeDetector.FromContent(data.Memory.Span)), "file");
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    // The file's kind, once it is known to hold something of a known kind.
    private static FileKind Settle(int length, FileKind? kind)
    {
        if (length == 0)
        {
            throw new ApiException(422, "Field 'file' is empty: it must hold the Base64 of an image or PDF file, or its URL.");
        }

        return kind ?? throw new ApiException(422, "The file type cannot be determined: the file is neither a PDF nor a known image format; set 'fileType' (0 PDF, 1 image) or send a supported file.");
    }

    // Decodes straight from the body's UTF-8 into a pooled buffer: no UTF-16 copy of the text, no new array per request.
    private static PooledBytes DecodeBase64(ReadOnlySpan<byte> text)
    {
        // Some clients send data URLs (data:image/png;base64,...); the payload after the comma is the file.
        if (text.Length >= DataUrlScheme.Length && Ascii.EqualsIgnoreCase(text[..DataUrlScheme.Length], DataUrlScheme)
            && IndexOfIgnoreCase(text, DataUrlMarker) is var marker and > 0)
        {
            text = text[(marker + DataUrlMarker.Length)..];
        }

        var buffer = RequestBuffers.Pool.Rent(Math.Max(1, Base64.GetMaxDecodedFromUtf8Length(text.Length)));
        var status = Base64.DecodeFromUtf8(text, buffer, out _, out var written);
        if (status == OperationStatus.Done)
        {
            return new PooledBytes(buffer, written);
        }

        RequestBuffers.Pool.Return(buffer);
        var hint = text.IndexOf("://"u8) >= 0 ? " (only http:// and https:// URLs are accepted)" : string.Empty;
        throw new ApiException(422, $"Field 'file' is neither valid Base64 (standard alphabet, padded) nor an http(s) URL{hint}.");
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + value.Length <= text.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(text.Slice(i, value.Length), value))
            {
                return i;
            }
        }

        return -1;
    }
}

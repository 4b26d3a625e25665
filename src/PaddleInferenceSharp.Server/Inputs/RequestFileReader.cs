using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>The bytes of a request's <c>file</c> and what they are.</summary>
/// <param name="Data">The decoded Base64 or downloaded bytes.</param>
/// <param name="Kind">PDF or image: as given by <c>fileType</c>, else inferred.</param>
/// <param name="SourceName">A name for messages: <c>file</c> or the URL without its query.</param>
internal sealed record RequestFile(byte[] Data, FileKind Kind, string SourceName);

/// <summary>Turns a request's <c>file</c> (Base64 or URL) and <c>fileType</c> into <see cref="RequestFile"/>.</summary>
internal sealed class RequestFileReader(UrlFetcher urls)
{
    /// <summary>Decodes or downloads the file and settles its type.</summary>
    /// <exception cref="ApiException">422 for bad Base64, a refused URL or an undeterminable type; 502 for a failed download.</exception>
    public async Task<RequestFile> ReadAsync(OcrRequest request, CancellationToken cancellationToken)
    {
        byte[] data;
        FileKind? kind = request.FileType;
        string source;
        if (request.IsUrl)
        {
            var (body, finalUrl) = await urls.FetchAsync(request.File, cancellationToken).ConfigureAwait(false);
            data = body;
            source = finalUrl.GetLeftPart(UriPartial.Path);
            kind ??= FileTypeDetector.FromUrl(finalUrl) ?? FileTypeDetector.FromContent(data);
        }
        else
        {
            data = DecodeBase64(request.File);
            source = "file";
            kind ??= FileTypeDetector.FromContent(data);
        }

        if (data.Length == 0)
        {
            throw new ApiException(422, "Field 'file' is empty: it must hold the Base64 of an image or PDF file, or its URL.");
        }

        return kind is { } k
            ? new RequestFile(data, k, source)
            : throw new ApiException(422, "The file type cannot be determined: the file is neither a PDF nor a known image format; set 'fileType' (0 PDF, 1 image) or send a supported file.");
    }

    private static byte[] DecodeBase64(string text)
    {
        // Some clients send data URLs (data:image/png;base64,...); the payload after the comma is the file.
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && text.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var comma and > 0)
        {
            text = text[(comma + ";base64,".Length)..];
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            var hint = text.Length > 0 && text.Contains("://", StringComparison.Ordinal) ? " (only http:// and https:// URLs are accepted)" : string.Empty;
            throw new ApiException(422, $"Field 'file' is neither valid Base64 (standard alphabet, padded) nor an http(s) URL{hint}.");
        }
    }
}

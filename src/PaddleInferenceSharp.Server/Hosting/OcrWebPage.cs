using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PaddleInferenceSharp.Server.Hosting;

/// <summary>
/// The web page over <c>POST /ocr</c>: <c>index.html</c>, <c>ocr-page.css</c> and <c>ocr-page.js</c>, embedded
/// in this assembly. The page learns the endpoint's path (and its own assets') from the HTML, filled in per request
/// with the request's path base. Every answer has an ETag and <c>Cache-Control: no-cache</c> (revalidated, 304 when
/// unchanged), <c>nosniff</c>; the HTML also has a Content-Security-Policy that allows this origin only.
/// </summary>
internal sealed class OcrWebPage
{
    public const string StylesheetName = "ocr-page.css";
    public const string ScriptName = "ocr-page.js";

    // The page loads nothing from elsewhere: images are the answer's data: URLs and the chosen file's blob: URL.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    private readonly string _html;
    private readonly Asset _stylesheet;
    private readonly Asset _script;
    private readonly string _stylesheetPath;
    private readonly string _scriptPath;
    private readonly string _ocrPath;

    /// <param name="pagePath">The page's route without a trailing slash (empty for the root).</param>
    /// <param name="ocrPath">The route of <c>POST /ocr</c>.</param>
    public OcrWebPage(string pagePath, string ocrPath)
    {
        _html = Encoding.UTF8.GetString(Read("index.html"));
        _stylesheet = new Asset(Read(StylesheetName), "text/css; charset=utf-8");
        _script = new Asset(Read(ScriptName), "text/javascript; charset=utf-8");
        _stylesheetPath = pagePath + "/" + StylesheetName;
        _scriptPath = pagePath + "/" + ScriptName;
        _ocrPath = ocrPath;
    }

    public Task WritePageAsync(HttpContext context)
    {
        var pathBase = context.Request.PathBase.Value ?? string.Empty;
        var html = _html
            .Replace("{{ocr-endpoint}}", HtmlEncoder.Default.Encode(pathBase + _ocrPath), StringComparison.Ordinal)
            .Replace("{{stylesheet}}", HtmlEncoder.Default.Encode(pathBase + _stylesheetPath), StringComparison.Ordinal)
            .Replace("{{script}}", HtmlEncoder.Default.Encode(pathBase + _scriptPath), StringComparison.Ordinal);
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        return WriteAsync(context, new Asset(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8"));
    }

    public Task WriteStylesheetAsync(HttpContext context) => WriteAsync(context, _stylesheet);

    public Task WriteScriptAsync(HttpContext context) => WriteAsync(context, _script);

    private static Task WriteAsync(HttpContext context, Asset asset)
    {
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (IsUnchanged(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Body, context.RequestAborted).AsTask();
    }

    private static bool IsUnchanged(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        foreach (var tag in ifNoneMatch)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Read(string name)
    {
        var resource = "PaddleInferenceSharp.Server.WebPage." + name;
        using var stream = typeof(OcrWebPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The web page's resource {resource} is missing from {typeof(OcrWebPage).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class Asset(byte[] body, string contentType)
    {
        public byte[] Body { get; } = body;

        public string ContentType { get; } = contentType;

        public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16)) + "\"";
    }
}

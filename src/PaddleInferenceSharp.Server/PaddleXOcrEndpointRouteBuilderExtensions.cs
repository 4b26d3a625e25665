using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Extensions.Hosting;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Server;
using PaddleInferenceSharp.Server.Hosting;
using PaddleInferenceSharp.Server.Inputs;
using PaddleInferenceSharp.Server.Observability;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts PaddleX's OCR serving endpoint into an ASP.NET Core application.</summary>
public static class PaddleXOcrEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps PaddleX's <c>POST /ocr</c> (PaddleX's request schema and answer envelope) at <paramref name="pattern"/>,
    /// served by the <see cref="OcrService"/> that <c>services.AddPaddleOcr(...)</c> registered.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, PaddleX's <c>/ocr</c> by default.</param>
    /// <param name="options">Limits and answer settings; defaults when null.</param>
    /// <exception cref="InvalidOperationException"><c>AddPaddleOcr</c> was not called.</exception>
    /// <exception cref="FontNotFoundException">Result images are on but no font is installed or configured.</exception>
    public static IEndpointConventionBuilder MapPaddleXOcr(this IEndpointRouteBuilder endpoints, string pattern = "/ocr", PaddleXOcrEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        options ??= new PaddleXOcrEndpointOptions();
        options.Validate();
        if (options.Visualize)
        {
            // Fail at start, not on every request, when result images cannot be drawn.
            FontLocator.Locate(options.FontPath);
        }

        var services = endpoints.ServiceProvider;
        var service = services.GetService<OcrService>()
            ?? throw new InvalidOperationException("MapPaddleXOcr needs the OCR service: call services.AddPaddleOcr(...) when building the application.");
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PaddleInferenceSharp.Server");
        var metrics = services.GetService<ServerMetrics>() ?? new ServerMetrics();
        var urls = new UrlFetcher(options.UrlInput);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(urls.Dispose);
        var endpoint = new OcrEndpoint(options, service.Pool, new RequestFileReader(urls), metrics, logger);
        return endpoints.MapPost(pattern, endpoint.HandleAsync);
    }

    /// <summary>
    /// Maps a web page over PaddleX's <c>POST /ocr</c> at <paramref name="pattern"/>: upload or drop an image or
    /// PDF, set the request's parameters, see the boxes, PaddleX's result picture and the texts with their scores page
    /// by page, download the answer as JSON. Plain HTML, CSS and JavaScript embedded in this assembly, served with
    /// <c>GET</c> and <c>HEAD</c> at <paramref name="pattern"/> and its two files beside it
    /// (<c>{pattern}/ocr-page.css</c>, <c>{pattern}/ocr-page.js</c>); nothing else, and nothing from other origins.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">Where the page is, <c>/</c> by default; a literal path.</param>
    /// <param name="ocrPattern">The path of <see cref="MapPaddleXOcr"/>'s endpoint the page calls, <c>/ocr</c> by default.</param>
    /// <returns>The page's route group, for conventions such as authorization.</returns>
    /// <exception cref="ArgumentException">A path does not start with <c>/</c>.</exception>
    public static IEndpointConventionBuilder MapPaddleXOcrWebPage(this IEndpointRouteBuilder endpoints, string pattern = "/", string ocrPattern = "/ocr")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(ocrPattern);
        if (!pattern.StartsWith('/') || !ocrPattern.StartsWith('/'))
        {
            throw new ArgumentException($"The web page's path ('{pattern}') and the OCR endpoint's path ('{ocrPattern}') must start with '/'.");
        }

        var pagePath = pattern.TrimEnd('/');
        var page = new OcrWebPage(pagePath, ocrPattern);
        var group = endpoints.MapGroup(pagePath);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        group.MapMethods("/", methods, page.WritePageAsync);
        group.MapMethods("/" + OcrWebPage.StylesheetName, methods, page.WriteStylesheetAsync);
        group.MapMethods("/" + OcrWebPage.ScriptName, methods, page.WriteScriptAsync);
        return group;
    }
}

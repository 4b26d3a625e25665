using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Extensions.Hosting;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Server.Hosting;
using PaddleInferenceSharp.Server.Inputs;
using PaddleInferenceSharp.Server.Observability;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server;

/// <summary>
/// PaddleX's OCR service on Kestrel: <c>POST /ocr</c> (PaddleX's schema and envelope), <c>GET /health</c>
/// (liveness, as PaddleX), <c>GET /health/ready</c> (200 once every worker's pipeline is loaded, 503 while loading
/// or shutting down), <c>GET /metrics</c> (Prometheus text) and, unless <see cref="OcrServerOptions.WebPage"/> is
/// off, a web page at <c>GET /</c>.
/// </summary>
/// <remarks>
/// Thread-safety: start and stop it from one thread; requests are served concurrently by a pool of workers that
/// each own a pipeline. Stopping finishes the requests in flight and queued (up to
/// <see cref="OcrServerOptions.ShutdownTimeout"/>) before the pipelines are disposed.
/// </remarks>
public sealed class OcrServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OcrPipelinePool _pool;
    private readonly ILogger _logger;
    private bool _disposed;

    private OcrServer(WebApplication app, OcrService service, ServerMetrics metrics, ILogger logger, OcrServerOptions options)
    {
        _app = app;
        _pool = service.Pool;
        _logger = logger;
        Metrics = metrics;
        Options = options;
    }

    /// <summary>The settings.</summary>
    public OcrServerOptions Options { get; }

    /// <summary>The address the server listens on (with the actual port when 0 was asked for); set by <see cref="StartAsync"/>.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Completes when every worker's pipeline is loaded; faults when one could not be loaded.</summary>
    public Task Ready => _pool.Loaded;

    /// <summary>Worker count (one pipeline each).</summary>
    public int Workers => _pool.Workers;

    internal ServerMetrics Metrics { get; }

    internal OcrPipelinePool Pool => _pool;

    /// <summary>Builds the server; the workers start loading their pipelines at once.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="configureLogging">Sets up logging (default: one-line console logs with scopes, information level).</param>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FontNotFoundException">Result images are on but no font is installed or configured.</exception>
    public static OcrServer Create(OcrServerOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options.QueueCapacity));
        options.Endpoint.Validate();
        options.Pipeline.TextDetection.Validate();

        if (options.Visualize)
        {
            // Fail at start, before any model is loaded, when result images cannot be drawn.
            FontLocator.Locate(options.FontPath);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        // The same registration and endpoint an application gets from AddPaddleOcr + MapPaddleXOcr.
        builder.Services.AddPaddleOcr(_ => options.Service);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(ResolveHost(options.Host), options.Port);
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PaddleInferenceSharp.Server");
        OcrService service;
        try
        {
            // Creates the engine (a missing native library fails here) and starts loading the pipelines.
            service = app.Services.GetRequiredService<OcrService>();
        }
        catch
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        var server = new OcrServer(app, service, app.Services.GetRequiredService<ServerMetrics>(), logger, options);
        server.MapEndpoints();
        return server;
    }

    /// <summary>Starts listening. Requests to <c>/ocr</c> get 503 until <see cref="Ready"/> completes.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = address is null ? null : new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
        _logger.LogInformation("Listening on {Address}; POST /ocr, GET /health, /health/ready, /metrics{WebPage}", address, Options.WebPage ? ", the web page at /" : string.Empty);
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting connections, finishes the requests in flight, then stops the workers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        _pool.Drain(Options.ShutdownTimeout);
    }

    /// <summary>Stops the server (if running) and releases the pipelines, the engine and the host. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Already stopping.
        }

        _pool.Drain(Options.ShutdownTimeout);
        // Disposes the OCR service (pipelines, engine) and the endpoint's URL client with the host.
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void MapEndpoints()
    {
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() => _logger.LogInformation("Shutting down: finishing {InFlight} request(s) in flight", Metrics.InFlight));

        // Empty 404/405 answers (unknown path, wrong method) get the envelope too.
        _app.UseStatusCodePages(async context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var message = status == StatusCodes.Status405MethodNotAllowed ? "Method not allowed" : status == StatusCodes.Status404NotFound ? "Not found" : ReasonPhrase(status);
            context.HttpContext.Response.ContentType = "application/json";
            await context.HttpContext.Response.Body.WriteAsync(ApiEnvelope.NoResult(ApiEnvelope.NewLogId(), status, message)).ConfigureAwait(false);
        });

        _app.MapPaddleXOcr("/ocr", Options.Endpoint);
        if (Options.WebPage)
        {
            _app.MapPaddleXOcrWebPage("/", "/ocr");
        }

        _app.MapGet("/health", (HttpContext context) => Json(context, StatusCodes.Status200OK, "Healthy"));
        _app.MapGet("/health/ready", (HttpContext context) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Json(context, StatusCodes.Status503ServiceUnavailable, "Shutting down");
            }

            return _pool.IsReady
                ? Json(context, StatusCodes.Status200OK, "Ready")
                : Json(context, StatusCodes.Status503ServiceUnavailable, _pool.Loaded.IsFaulted ? "The OCR pipeline failed to load" : "Loading");
        });
        _app.MapGet("/metrics", () => Results.Text(
            Metrics.ToPrometheusText(_pool.QueueLength, Options.QueueCapacity, _pool.Busy, _pool.Workers),
            "text/plain; version=0.0.4; charset=utf-8"));
    }

    // Health answers use PaddleX's envelope: errorCode 0 when healthy, else the HTTP status.
    private static Task Json(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(ApiEnvelope.NoResult(ApiEnvelope.NewLogId(), status == StatusCodes.Status200OK ? 0 : status, message)).AsTask();
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private static IPAddress ResolveHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.Length > 0 ? addresses[0] : throw new ArgumentException($"--host '{host}' does not resolve to an address.", nameof(host));
    }
}

using System.CommandLine;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Server;

namespace PaddleInferenceSharp.Cli;

/// <summary>
/// <c>paddlex-sharp serve --pipeline OCR --port 8080</c> (also <c>paddlex-sharp --serve ...</c> as PaddleX spells
/// it): runs PaddleX's <c>POST /ocr</c> service with the pipeline flags of <see cref="OcrCommand"/>.
/// </summary>
internal sealed class ServeCommand(OcrCommand ocr)
{
    public Option<bool> Serve { get; } = new("--serve") { Description = "Start PaddleX's serving API (POST /ocr) instead of predicting; same as the 'serve' command." };
    public Option<string> Host { get; } = new("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
    public Option<int> Port { get; } = new("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 8080 };
    public Option<int> Workers { get; } = new("--workers") { Description = "Worker pipelines (0: sized to the machine)." };
    public Option<int> QueueSize { get; } = new("--queue_size") { Description = "Requests that may wait for a worker before 503.", DefaultValueFactory = _ => 64 };
    public Option<int> MaxRequestMb { get; } = new("--max_request_mb") { Description = "Largest request body in MiB (413 above).", DefaultValueFactory = _ => 64 };
    public Option<int?> MaxPdfPages { get; } = new("--max_pdf_pages") { Description = "PDF pages processed per request (default: Serving.extra.max_num_input_imgs of the pipeline configuration, else PaddleX's 10)." };
    public Option<long> MaxPixels { get; } = new("--max_pixels") { Description = "Largest image or page in pixels (422 above).", DefaultValueFactory = _ => 50_000_000 };
    public Option<double> RequestTimeout { get; } = new("--request_timeout") { Description = "Seconds a request may take before it is cancelled (504).", DefaultValueFactory = _ => 120 };
    public Option<double> ShutdownTimeout { get; } = new("--shutdown_timeout") { Description = "Seconds shutdown waits for requests in flight.", DefaultValueFactory = _ => 30 };
    public Option<string?> Visualize { get; } = new("--visualize") { Description = "Return result images unless a request says otherwise (True or False; PaddleX: True).", HelpName = "True|False" };
    public Option<bool> AllowUrlInput { get; } = new("--allow_url_input") { Description = "Accept http(s) URLs in 'file' (off: Base64 only)." };
    public Option<string> ServingSchema { get; } = new("--serving_schema")
    {
        Description = "Answer shape: current (PaddleX 3.0.0 and later), beta (3.0.0b1/b2: result.texts, image), beta_pages (3.0 development docs: ocrResults[].texts, image), or auto: beta for requests with 'image', beta_pages for 'file' with inferenceParams.maxLongSide, current otherwise.",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|current|beta|beta_pages",
    };

    public Option<string?> WebPage { get; } = new("--web_page") { Description = "Serve the web page (upload a file, see boxes and texts) at GET / (True or False; default True).", HelpName = "True|False" };
    public Option<string> LogFormat { get; } = new("--log_format") { Description = "Console logs: simple (one line) or json (structured, with the logId scope).", DefaultValueFactory = _ => "simple" };

    private Option[] ServerOptions => [Host, Port, Workers, QueueSize, MaxRequestMb, MaxPdfPages, MaxPixels, RequestTimeout, ShutdownTimeout, Visualize, AllowUrlInput, ServingSchema, WebPage, LogFormat];

    /// <summary>Adds <c>--serve</c> and the server flags to the root command, and the <c>serve</c> subcommand with the pipeline flags.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Serve);
        var command = new Command("serve", "Run PaddleX's OCR serving API: POST /ocr, GET /health, /health/ready, /metrics, and a web page at GET /.");
        foreach (var option in ServerOptions)
        {
            root.Options.Add(option);
            command.Options.Add(option);
        }

        foreach (var option in ocr.PipelineOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        root.Subcommands.Add(command);
    }

    /// <summary>True when the root command was given <c>--serve</c>.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(Serve);

    /// <summary>Serves until Ctrl+C or SIGTERM, then finishes the requests in flight.</summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // The pipeline configuration's warnings, before the server's logging exists.
        using var configLogging = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(o => o.SingleLine = true));
        var configLogger = configLogging.CreateLogger("paddlex-sharp");
        OcrServerOptions options;
        try
        {
            var pipeline = ocr.BuildPipelineOptions(parse, configLogger);
            var format = parse.GetValue(LogFormat);
            if (format is not "simple" and not "json")
            {
                throw new ArgumentException($"--log_format must be simple or json, not '{format}'.");
            }

            options = new OcrServerOptions
            {
                Host = parse.GetValue(Host)!,
                Port = parse.GetValue(Port),
                Pipeline = pipeline,
                Workers = parse.GetValue(Workers),
                Devices = ocr.DeviceList(parse) is { Count: > 1 } devices ? devices : [],
                QueueCapacity = Positive(QueueSize.Name, parse.GetValue(QueueSize)),
                MaxRequestBodyBytes = Positive(MaxRequestMb.Name, parse.GetValue(MaxRequestMb)) * 1024L * 1024,
                MaxPdfPages = parse.GetValue(MaxPdfPages) is { } maxPages ? Positive(MaxPdfPages.Name, maxPages) : null,
                MaxPixels = parse.GetValue(MaxPixels),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(RequestTimeout)),
                ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(ShutdownTimeout)),
                Visualize = PaddleXValues.ParseBool(Visualize.Name, parse.GetValue(Visualize)) ?? true,
                FontPath = parse.GetValue(ocr.FontPath),
                UrlInput = pipeline.UrlInput with { Enabled = parse.GetValue(AllowUrlInput) },
                ServingSchema = ParseServingSchema(parse.GetValue(ServingSchema)),
                WebPage = PaddleXValues.ParseBool(WebPage.Name, parse.GetValue(WebPage)) ?? true,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or OcrConfigurationException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var json = parse.GetValue(LogFormat) == "json";
        OcrServer server;
        try
        {
            server = OcrServer.Create(options, logging =>
            {
                if (json)
                {
                    logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
                }
                else
                {
                    logging.AddSimpleConsole(o => { o.SingleLine = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; });
                }

                logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            });
        }
        catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException or ArgumentException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.ModelError;
        }
        catch (FontNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message} (or start with --visualize False)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (server.ConfigureAwait(false))
        {
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on {options.Host}:{options.Port}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var shutdown = server.WaitForShutdownAsync(cancellationToken);
            var first = await Task.WhenAny(server.Ready, shutdown).ConfigureAwait(false);
            if (first == server.Ready && server.Ready.IsFaulted)
            {
                await Console.Error.WriteLineAsync("error: the OCR pipeline could not be loaded: " + server.Ready.Exception!.InnerException!.Message).ConfigureAwait(false);
                return ExitCodes.ModelError;
            }

            await shutdown.ConfigureAwait(false);
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static PaddleXServingSchema ParseServingSchema(string? text) => text?.ToLowerInvariant() switch
    {
        "auto" => PaddleXServingSchema.Auto,
        "current" => PaddleXServingSchema.Current,
        "beta" => PaddleXServingSchema.Beta,
        "beta_pages" => PaddleXServingSchema.BetaPages,
        _ => throw new ArgumentException($"--serving_schema must be auto, current, beta or beta_pages, not '{text}'."),
    };

    private static int Positive(string name, int value) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, not {value}.");
}

using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Inputs;

namespace PaddleInferenceSharp.Server;

/// <summary>
/// Settings of <see cref="OcrServer"/>: where it listens, the pipeline and the worker pool (<see cref="Service"/>)
/// and the endpoint's limits (<see cref="Endpoint"/>).
/// </summary>
public sealed record OcrServerOptions
{
    /// <summary>The address to listen on (<c>--host</c>, default <c>0.0.0.0</c> as PaddleX).</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The port (<c>--port</c>, default 8080 as PaddleX); 0 picks a free port (see <see cref="OcrServer.Address"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The pipeline settings (<c>--pipeline</c> YAML and engine flags). Each worker gets its own pipeline.</summary>
    public OcrPipelineOptions Pipeline { get; init; } = new();

    /// <summary>Workers, each with its own pipeline and predictors; 0 sizes the pool to the machine (one single-threaded worker per core unless <see cref="OcrPipelineOptions.CpuThreads"/> is set).</summary>
    public int Workers { get; init; }

    /// <summary>Several devices (<c>--device gpu:0,1</c>): the workers are spread over them, one per device when <see cref="Workers"/> is 0 (see <see cref="Extensions.Hosting.OcrServiceOptions.Devices"/>).</summary>
    public IReadOnlyList<Engine.InferenceDevice> Devices { get; init; } = [];

    /// <summary>Requests that may wait for a worker; beyond it the server answers 503 with <c>Retry-After</c>.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>The <c>Retry-After</c> seconds sent with 503 answers.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Largest request body in bytes (Base64 inflates a file by 4/3); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// PDF pages processed per request; later pages are ignored (PaddleX's <c>max_num_input_imgs</c>). Null takes the
    /// pipeline configuration's <see cref="OcrPipelineOptions.MaxNumInputImgs"/> (<c>Serving.extra.max_num_input_imgs</c>
    /// of a <c>--pipeline</c> YAML; 10 by default, every page when that is null).
    /// </summary>
    public int? MaxPdfPages { get; init; }

    /// <summary>Largest image (or rendered page) in pixels; larger ones get 422 before their pixels are allocated.</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>Longest a request may wait and run; then it is cancelled and answered 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long shutdown waits for requests in flight (and queued) to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Return result images (<c>ocrImage</c>, <c>docPreprocessingImage</c>) unless a request sets <c>visualize</c> (PaddleX: on).</summary>
    public bool Visualize { get; init; } = true;

    /// <summary>The font result images draw texts with (file, or <c>file.ttc:index</c>); null finds a Noto CJK font through fontconfig.</summary>
    public string? FontPath { get; init; }

    /// <summary>Also return the input image as JPEG (<c>inputImage</c>) when visualizing.</summary>
    public bool ReturnInputImage { get; init; } = true;

    /// <summary>Inputs by URL (<c>file</c> = <c>http(s)://...</c>); off by default (<see cref="UrlInputOptions.Enabled"/> false).</summary>
    public UrlInputOptions UrlInput { get; init; } = new() { Enabled = false };

    /// <summary>The answer shape (<c>--serving_schema</c>): one PaddleX version's, or chosen per request (<see cref="PaddleXServingSchema.Auto"/>, the default).</summary>
    public PaddleXServingSchema ServingSchema { get; init; } = PaddleXServingSchema.Auto;

    /// <summary>Serve the web page over <c>POST /ocr</c> at <c>GET /</c> (<c>MapPaddleXOcrWebPage</c>); on by default.</summary>
    public bool WebPage { get; init; } = true;

    /// <summary>The endpoint settings these options describe.</summary>
    public PaddleXOcrEndpointOptions Endpoint => new()
    {
        RetryAfterSeconds = RetryAfterSeconds,
        MaxRequestBodyBytes = MaxRequestBodyBytes,
        MaxPdfPages = MaxPdfPages ?? Pipeline.MaxNumInputImgs ?? int.MaxValue,
        MaxPixels = MaxPixels,
        RequestTimeout = RequestTimeout,
        Visualize = Visualize,
        FontPath = FontPath,
        ReturnInputImage = ReturnInputImage,
        UrlInput = UrlInput,
        ServingSchema = ServingSchema,
    };

    /// <summary>The pool settings these options describe (results keep their pages: <c>visualize</c> is a per-request choice).</summary>
    public Extensions.Hosting.OcrServiceOptions Service => new()
    {
        Pipeline = Pipeline with { RetainImages = true },
        Workers = Workers,
        Devices = Devices,
        QueueCapacity = QueueCapacity,
    };
}

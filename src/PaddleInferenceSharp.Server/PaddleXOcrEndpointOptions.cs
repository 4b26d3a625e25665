using PaddleInferenceSharp.Ocr.Inputs;

namespace PaddleInferenceSharp.Server;

/// <summary>Limits and answer settings of PaddleX's <c>POST /ocr</c> endpoint (<c>app.MapPaddleXOcr</c>).</summary>
public sealed record PaddleXOcrEndpointOptions
{
    /// <summary>The <c>Retry-After</c> seconds sent with 503 answers.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Largest request body in bytes (Base64 inflates a file by 4/3); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>PDF pages processed per request; later pages are ignored (PaddleX's <c>max_num_input_imgs</c>, 10).</summary>
    public int MaxPdfPages { get; init; } = 10;

    /// <summary>Largest image (or rendered page) in pixels; larger ones get 422 before their pixels are allocated.</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>Longest a request may wait and run; then it is cancelled and answered 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Return result images (<c>ocrImage</c>, <c>docPreprocessingImage</c>) unless a request sets <c>visualize</c> (PaddleX: on).</summary>
    public bool Visualize { get; init; } = true;

    /// <summary>The font result images draw texts with (file, or <c>file.ttc:index</c>); null finds a Noto CJK font through fontconfig.</summary>
    public string? FontPath { get; init; }

    /// <summary>Also return the input image as JPEG (<c>inputImage</c>) when visualizing.</summary>
    public bool ReturnInputImage { get; init; } = true;

    /// <summary>Inputs by URL (<c>file</c> = <c>http(s)://...</c>); off by default (<see cref="UrlInputOptions.Enabled"/> false).</summary>
    public UrlInputOptions UrlInput { get; init; } = new() { Enabled = false };

    /// <summary>The answer shape: one PaddleX version's, or chosen per request (<see cref="PaddleXServingSchema.Auto"/>, the default).</summary>
    public PaddleXServingSchema ServingSchema { get; init; } = PaddleXServingSchema.Auto;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPdfPages, 1, nameof(MaxPdfPages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1, nameof(MaxRequestBodyBytes));
        if (!Enum.IsDefined(ServingSchema))
        {
            throw new ArgumentOutOfRangeException(nameof(ServingSchema), ServingSchema, "Not a PaddleX serving schema.");
        }
    }
}

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>The options pattern needs a mutable class; <see cref="OcrServiceOptions"/> is an immutable record.</summary>
internal sealed class OcrServiceHolder
{
    public OcrServiceOptions Options { get; set; } = new();
}

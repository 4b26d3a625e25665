using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Inputs;

/// <summary>
/// One input of <see cref="OcrPipeline"/> once read: a decoded image, or a PDF (a file path, or the bytes of a
/// fetched one) that is opened in its turn. Disposing gives back an image nobody took.
/// </summary>
internal sealed class PipelineInput : IDisposable
{
    private BgrImage? _image;

    private PipelineInput(string name, BgrImage? image, byte[]? pdfData, TimeSpan readTime)
    {
        Name = name;
        _image = image;
        PdfData = pdfData;
        ReadTime = readTime;
    }

    /// <summary>The file path, or the URL without its query: reported as <c>input_path</c>.</summary>
    public string Name { get; }

    /// <summary>A fetched PDF's bytes; null for a PDF file (<see cref="Name"/> is its path) and for images.</summary>
    public byte[]? PdfData { get; }

    /// <summary>Time spent reading (fetching) and decoding.</summary>
    public TimeSpan ReadTime { get; }

    public static PipelineInput Image(string name, BgrImage image, TimeSpan readTime) => new(name, image, null, readTime);

    public static PipelineInput Pdf(string name, byte[]? data, TimeSpan readTime) => new(name, null, data, readTime);

    /// <summary>The decoded image, which the caller then owns; null for a PDF or once taken.</summary>
    public BgrImage? TakeImage() => Interlocked.Exchange(ref _image, null);

    public void Dispose() => TakeImage()?.Dispose();
}

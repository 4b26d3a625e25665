using System.Diagnostics;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr;

public sealed partial class OcrPipeline
{
    /// <summary>
    /// Runs OCR on an image file, or an image at an http(s) URL (fetched under <see cref="OcrPipelineOptions.UrlInput"/>;
    /// <c>input_path</c> is the URL without its query). For PDFs, which give one result per page, use
    /// <see cref="PredictPages(string, OcrPredictOptions?, PdfRenderOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ImageDecodeException">The file cannot be read or decoded, or is a PDF (<see cref="PdfDecodeException"/>).</exception>
    /// <exception cref="UrlInputException">The URL is refused by the address policy or cannot be downloaded.</exception>
    public OcrResult Predict(string imagePath, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        using var input = ReadInput(imagePath, cancellationToken);
        Timings?.Add(OcrStage.Decode, input.ReadTime);
        if (input.TakeImage() is not { } image)
        {
            throw new PdfDecodeException(input.Name, "a PDF gives one result per page: call OcrPipeline.PredictPages (or Predict with a list of inputs)");
        }

        return PredictCore(image, imageOwned: true, options, input.Name, null, cancellationToken);
    }

    /// <summary>Runs OCR on an encoded image held in memory (PNG, JPEG, ...).</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="sourceName">A name for error messages; not reported as <c>input_path</c>.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Checked between stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image, or are a PDF (use <see cref="PredictPages(ReadOnlyMemory{byte}, string, OcrPredictOptions?, PdfRenderOptions?, CancellationToken)"/>).</exception>
    public OcrResult Predict(ReadOnlyMemory<byte> encoded, string sourceName, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ImageFormatDetector.Detect(encoded.Span) == ImageFormat.Pdf)
        {
            throw new PdfDecodeException(sourceName, "a PDF gives one result per page: call OcrPipeline.PredictPages");
        }

        var image = ImageDecoder.Decode(encoded, sourceName);
        return PredictCore(image, imageOwned: true, options, null, null, cancellationToken);
    }

    /// <summary>Runs OCR on raw pixels with any row stride (e.g. a camera frame or a bitmap's locked bits).</summary>
    /// <param name="pixels">The pixel buffer.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="stride">Bytes from one row to the next.</param>
    /// <param name="format">The channel layout.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="cancellationToken">Checked between stages and during inference.</param>
    public OcrResult Predict(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        var image = BgrImage.FromPixels(pixels, width, height, stride, format);
        return PredictCore(image, imageOwned: true, options, null, null, cancellationToken);
    }

    /// <summary>
    /// Runs OCR on an image file (one result, <c>page_index</c> null) or on each selected page of a PDF (one result per
    /// page, rendered lazily as PaddleX does at zoom 2, with <c>page_index</c> set). The format is taken from the content.
    /// </summary>
    /// <param name="path">An image or PDF file, or an http(s) URL of one (fetched under <see cref="OcrPipelineOptions.UrlInput"/>); reported as <c>input_path</c> (a URL without its query).</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="pdfOptions">Zoom, page selection and limits for PDFs; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between pages and stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The file cannot be read or decoded; <see cref="PdfDecodeException"/> for PDF problems (damaged, encrypted, too many pages, page too large).</exception>
    /// <exception cref="UrlInputException">The URL is refused by the address policy or cannot be downloaded.</exception>
    public IEnumerable<OcrResult> PredictPages(string path, OcrPredictOptions? options = null, PdfRenderOptions? pdfOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var input = ReadInput(path, cancellationToken);
        Timings?.Add(OcrStage.Decode, input.ReadTime);
        return PredictInput(input, options, pdfOptions, cancellationToken);
    }

    /// <summary>
    /// Runs OCR on an encoded image (one result) or PDF (one result per selected page, <c>page_index</c> set) held in memory.
    /// </summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="sourceName">A name for error messages; not reported as <c>input_path</c>.</param>
    /// <param name="options">Per-call overrides, or null.</param>
    /// <param name="pdfOptions">Zoom, page selection and limits for PDFs; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between pages and stages and during inference.</param>
    /// <exception cref="ImageDecodeException">The bytes are not a decodable image or PDF (<see cref="PdfDecodeException"/>).</exception>
    public IEnumerable<OcrResult> PredictPages(ReadOnlyMemory<byte> encoded, string sourceName, OcrPredictOptions? options = null, PdfRenderOptions? pdfOptions = null, CancellationToken cancellationToken = default)
    {
        if (ImageFormatDetector.Detect(encoded.Span) != ImageFormat.Pdf)
        {
            return [Predict(encoded, sourceName, options, cancellationToken)];
        }

        return PredictPdf(PdfDocument.Load(encoded, sourceName, pdfOptions), options, null, cancellationToken);
    }

    private IEnumerable<OcrResult> PredictPdf(PdfDocument document, OcrPredictOptions? options, string? inputPath, CancellationToken cancellationToken)
    {
        using (document)
        {
            foreach (var pageIndex in document.SelectedPages)
            {
                var started = Stopwatch.GetTimestamp();
                var page = document.RenderPage(pageIndex, cancellationToken);
                Timings?.Add(OcrStage.Decode, started);
                yield return PredictCore(page, imageOwned: true, options, inputPath, pageIndex, cancellationToken);
            }
        }
    }

    // Reads one input: a URL is fetched, an image decoded; a PDF is only recognised (by content): it is opened in
    // its turn and rendered page by page.
    private PipelineInput ReadInput(string input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (UrlFetcher.IsUrl(input))
        {
            var (data, _) = _urls.Value.FetchAsync(input, cancellationToken).GetAwaiter().GetResult();
            var name = UrlFetcher.Describe(new Uri(input));
            return ImageFormatDetector.Detect(data) == ImageFormat.Pdf
                ? PipelineInput.Pdf(name, data, Stopwatch.GetElapsedTime(started))
                : PipelineInput.Image(name, ImageDecoder.Decode(data, name), Stopwatch.GetElapsedTime(started));
        }

        return InputFiles.IsPdf(input)
            ? PipelineInput.Pdf(input, null, TimeSpan.Zero)
            : PipelineInput.Image(input, ImageDecoder.DecodeFile(input), Stopwatch.GetElapsedTime(started));
    }

    // The results of one read input, which this call owns: an image gives one result now, a PDF one per page, lazily.
    private IEnumerable<OcrResult> PredictInput(PipelineInput input, OcrPredictOptions? options, PdfRenderOptions? pdfOptions, CancellationToken cancellationToken)
    {
        using (input)
        {
            if (input.TakeImage() is { } image)
            {
                return [PredictCore(image, imageOwned: true, options, input.Name, null, cancellationToken)];
            }

            var document = input.PdfData is { } data ? PdfDocument.Load(data, input.Name, pdfOptions) : PdfDocument.Open(input.Name, pdfOptions);
            return PredictPdf(document, options, input.Name, cancellationToken);
        }
    }
}

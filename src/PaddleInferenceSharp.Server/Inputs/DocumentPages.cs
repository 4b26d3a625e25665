using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>Decodes a request's image, or opens its PDF and renders pages one at a time, turning failures into 422 answers.</summary>
internal static class DocumentPages
{
    /// <summary>Decodes an image file.</summary>
    /// <exception cref="ApiException">422: corrupt, truncated, unsupported or over <paramref name="maxPixels"/>.</exception>
    public static BgrImage DecodeImage(RequestFile file, long maxPixels)
    {
        try
        {
            return ImageDecoder.Decode(file.Data, file.SourceName, new DecodeOptions { MaxPixels = maxPixels });
        }
        catch (ImageDecodeException ex)
        {
            throw new ApiException(422, $"The image cannot be decoded: {ex.Problem}.", ex);
        }
    }

    /// <summary>
    /// Opens a PDF without rendering it. Every page is selectable (so a long document is not an error); the caller
    /// renders only the first pages, as PaddleX's <c>max_num_input_imgs</c> does.
    /// </summary>
    /// <exception cref="ApiException">422: not a PDF, damaged or encrypted; 501: the PDF libraries are not installed.</exception>
    public static PdfDocument OpenPdf(RequestFile file, long maxPixels)
    {
        try
        {
            return PdfDocument.Load(file.Data, file.SourceName, new PdfRenderOptions { MaxPages = int.MaxValue, MaxPagePixels = maxPixels });
        }
        catch (PdfDecodeException ex)
        {
            throw new ApiException(422, $"The PDF cannot be read: {ex.Problem}.", ex);
        }
        catch (NativeLibraryNotFoundException ex)
        {
            throw new ApiException(501, "PDF input needs poppler-glib and cairo on the server: " + ex.Message, ex);
        }
    }

    /// <summary>Renders one page at PaddleX's zoom (2).</summary>
    /// <exception cref="ApiException">422: the page is over the pixel limit or cannot be drawn.</exception>
    public static BgrImage RenderPage(PdfDocument document, int pageIndex, CancellationToken cancellationToken)
    {
        try
        {
            return document.RenderPage(pageIndex, cancellationToken);
        }
        catch (PdfDecodeException ex)
        {
            throw new ApiException(422, $"Page {pageIndex} of the PDF cannot be rendered: {ex.Problem}.", ex);
        }
    }
}

using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Server.Schema;

namespace PaddleInferenceSharp.Server.Inputs;

/// <summary>The decoded pages of a request's file: one image, or the first pages of a PDF. Disposes the pages.</summary>
internal sealed class DocumentPages : IDisposable
{
    private DocumentPages(IReadOnlyList<BgrImage> pages, DataInfo info)
    {
        Pages = pages;
        Info = info;
    }

    /// <summary>The pages to run OCR on, in order.</summary>
    public IReadOnlyList<BgrImage> Pages { get; }

    /// <summary>PaddleX's <c>dataInfo</c> for them.</summary>
    public DataInfo Info { get; }

    /// <summary>Decodes <paramref name="file"/>.</summary>
    /// <param name="file">The request's file.</param>
    /// <param name="maxPixels">Largest image or page in pixels.</param>
    /// <param name="maxPdfPages">PDF pages to render; later pages are ignored as PaddleX does.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    /// <exception cref="ApiException">422 for a corrupt, unsupported or too large image; 501 for PDFs in a build without PDF support.</exception>
    public static DocumentPages Load(RequestFile file, long maxPixels, int maxPdfPages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (file.Kind == FileKind.Pdf)
        {
            _ = maxPdfPages;
            throw new ApiException(501, "PDF input is not available in this build yet (it arrives with the PDF renderer); send the pages as images (fileType 1).");
        }

        BgrImage image;
        try
        {
            image = ImageDecoder.Decode(file.Data, file.SourceName, new DecodeOptions { MaxPixels = maxPixels });
        }
        catch (ImageDecodeException ex)
        {
            throw new ApiException(422, $"The image cannot be decoded: {ex.Problem}.", ex);
        }

        return new DocumentPages([image], new DataInfo(FileKind.Image, [(image.Width, image.Height)]));
    }

    public void Dispose()
    {
        foreach (var page in Pages)
        {
            page.Dispose();
        }
    }
}

using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// The pages an <see cref="OcrResult"/> keeps for its visualization (PaddleX keeps <c>input_img</c>, <c>rot_img</c>
/// and <c>output_img</c> in its results too): the page OCR ran on and, when the document preprocessor ran, its input
/// and rotated pages. Images that are the same page are held once.
/// </summary>
/// <remarks>
/// Memory: width x height x 3 bytes per distinct page, about 26 MB for an A4 page at 300 dpi; up to three pages
/// when orientation correction and unwarping both changed the page. The buffers are pooled: <see cref="Dispose"/>
/// returns them early; without it the garbage collector reclaims them. Set
/// <see cref="OcrPipelineOptions.RetainImages"/> to false when results are kept in bulk and never drawn.
/// Not thread-safe for disposal while another thread renders.
/// </remarks>
public sealed class OcrResultImages : IDisposable
{
    /// <summary>Takes ownership of the given pages (which may be the same instance).</summary>
    /// <param name="page">The page OCR ran on (<c>doc_preprocessor_res.output_img</c>).</param>
    /// <param name="docInput">The preprocessor's input (<c>input_img</c>), or null when it did not run.</param>
    /// <param name="docRotated">The page after orientation correction (<c>rot_img</c>), or null when it did not run.</param>
    public OcrResultImages(BgrImage page, BgrImage? docInput = null, BgrImage? docRotated = null)
    {
        Page = page ?? throw new ArgumentNullException(nameof(page));
        DocInput = docInput;
        DocRotated = docRotated;
    }

    /// <summary>The page OCR ran on, after document preprocessing.</summary>
    public BgrImage Page { get; }

    /// <summary>The document preprocessor's input page, or null when the preprocessor did not run.</summary>
    public BgrImage? DocInput { get; }

    /// <summary>The page after orientation correction, or null when the preprocessor did not run.</summary>
    public BgrImage? DocRotated { get; }

    /// <summary>Returns the pixel buffers to the pool. Idempotent.</summary>
    public void Dispose()
    {
        Page.Dispose();
        DocInput?.Dispose();
        DocRotated?.Dispose();
    }
}

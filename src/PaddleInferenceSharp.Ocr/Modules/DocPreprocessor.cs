using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>What the document preprocessor did to one page.</summary>
/// <param name="UseDocOrientationClassify">Whether the orientation was classified.</param>
/// <param name="UseDocUnwarping">Whether the page was unwarped.</param>
/// <param name="Angle">The detected orientation (0/90/180/270), or -1 when not classified (PaddleX's <c>angle</c>).</param>
public sealed record DocPreprocessing(bool UseDocOrientationClassify, bool UseDocUnwarping, int Angle);

/// <summary>
/// PaddleX's <c>doc_preprocessor</c> sub-pipeline: classify the page orientation and turn the page upright
/// (PaddleX's <c>rotate_image</c>), then unwarp it.
/// </summary>
/// <remarks>Thread-safety: one instance serves one thread at a time. It does not own its modules.</remarks>
public sealed class DocPreprocessor
{
    private readonly Func<DocOrientationClassifier> _orientation;
    private readonly Func<DocUnwarper> _unwarper;

    /// <summary>Creates the sub-pipeline over module factories (called only when a step is used).</summary>
    public DocPreprocessor(Func<DocOrientationClassifier> orientation, Func<DocUnwarper> unwarper)
    {
        _orientation = orientation ?? throw new ArgumentNullException(nameof(orientation));
        _unwarper = unwarper ?? throw new ArgumentNullException(nameof(unwarper));
    }

    /// <summary>Preprocesses a page.</summary>
    /// <returns>What was done, and the resulting page (a new image the caller disposes).</returns>
    public (DocPreprocessing Info, BgrImage Output) Predict(BgrImage page, bool useOrientation, bool useUnwarping, CancellationToken cancellationToken = default)
    {
        var (info, output, rotated) = Predict(page, useOrientation, useUnwarping, keepRotated: false, cancellationToken);
        rotated?.Dispose();
        return (info, output);
    }

    /// <summary>Preprocesses a page, optionally keeping the rotated intermediate page (PaddleX's <c>rot_img</c>).</summary>
    /// <returns>
    /// What was done, the resulting page, and (when <paramref name="keepRotated"/>) the rotated page if it is a
    /// separate image: null when the page was not rotated (it is then the input) or not unwarped after rotation
    /// (it is then the output). The caller disposes the images.
    /// </returns>
    public (DocPreprocessing Info, BgrImage Output, BgrImage? Rotated) Predict(BgrImage page, bool useOrientation, bool useUnwarping, bool keepRotated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var angle = -1;
        var current = page.Clone();
        BgrImage? rotatedKept = null;
        try
        {
            if (useOrientation)
            {
                angle = _orientation().Predict(current, cancellationToken).Angle;
                if (angle != 0)
                {
                    var rotated = ImageRotation.RotateLikePaddleX(current, angle);
                    current.Dispose();
                    current = rotated;
                }
            }

            if (useUnwarping)
            {
                var unwarped = _unwarper().Predict(current, cancellationToken);
                if (keepRotated && angle > 0)
                {
                    rotatedKept = current;
                }
                else
                {
                    current.Dispose();
                }

                current = unwarped;
            }
        }
        catch
        {
            rotatedKept?.Dispose();
            current.Dispose();
            throw;
        }

        return (new DocPreprocessing(useOrientation, useUnwarping, angle), current, rotatedKept);
    }
}

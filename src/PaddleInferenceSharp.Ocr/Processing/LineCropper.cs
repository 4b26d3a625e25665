using System.Runtime.ExceptionServices;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>Cuts a page's text lines out for recognition, on several threads when asked.</summary>
internal static class LineCropper
{
    /// <summary>
    /// Fills <paramref name="crops"/> with the perspective crop of each of <paramref name="polys"/>, on
    /// <paramref name="parallelism"/> threads (each crop is independent; 1 cuts them in order on the caller's thread).
    /// </summary>
    public static void Crop(BgrImage image, Quad[] polys, double padding, BgrImage[] crops, int parallelism, CancellationToken cancellationToken)
    {
        if (parallelism == 1 || polys.Length < 2)
        {
            for (var i = 0; i < polys.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                crops[i] = PerspectiveCrop.Crop(image, polys[i], padding);
            }

            return;
        }

        try
        {
            Parallel.For(0, polys.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                i => crops[i] = PerspectiveCrop.Crop(image, polys[i], padding));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }
}

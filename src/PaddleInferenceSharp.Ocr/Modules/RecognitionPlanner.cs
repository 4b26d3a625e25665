using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>How text recognition sizes its inputs and groups a call's crops into model runs, as PaddleX batches them.</summary>
/// <param name="imageHeight">The model's input height.</param>
/// <param name="imageWidth">The model's base input width (the narrowest padded width).</param>
internal sealed class RecognitionPlanner(int imageHeight, int imageWidth)
{
    /// <summary>The width PaddleX resizes a crop to and the width it pads it to (see <see cref="TextRecognizer.TargetWidths"/>).</summary>
    public (int ResizedWidth, int PaddedWidth) TargetWidths(int width, int height)
    {
        var ratio = width / (double)height;
        var maxRatio = Math.Max(imageWidth / (double)imageHeight, ratio);
        var padded = (int)(imageHeight * maxRatio);
        if (padded > TextRecognizer.MaxImageWidth)
        {
            return (TextRecognizer.MaxImageWidth, TextRecognizer.MaxImageWidth);
        }

        var resized = Math.Ceiling(imageHeight * ratio) > padded ? padded : (int)Math.Ceiling(imageHeight * ratio);
        return (Math.Max(resized, 1), padded);
    }

    /// <summary>
    /// Cuts <paramref name="crops"/> into PaddleX's batches of <paramref name="batchSize"/>, padded to their widest
    /// crop, and a batch wider than <paramref name="columnBudget"/> columns (crops x padded width), or of more than
    /// <paramref name="maxCrops"/> crops, into runs within both at that same width.
    /// </summary>
    public List<RecognitionRun> Plan(IReadOnlyList<BgrImage> crops, int batchSize, int columnBudget, int maxCrops = int.MaxValue)
    {
        var runs = new List<RecognitionRun>();
        for (var start = 0; start < crops.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, crops.Count - start);
            var batchWidth = 0;
            // PaddleOCR scales the time steps by each crop's width ratio over the batch's widest ratio.
            var maxRatio = imageWidth / (double)imageHeight;
            for (var i = start; i < start + count; i++)
            {
                batchWidth = Math.Max(batchWidth, TargetWidths(crops[i].Width, crops[i].Height).PaddedWidth);
                maxRatio = Math.Max(maxRatio, crops[i].Width / (double)crops[i].Height);
            }

            var perRun = Math.Clamp(columnBudget / batchWidth, 1, Math.Min(count, maxCrops));
            for (var first = 0; first < count; first += perRun)
            {
                runs.Add(new RecognitionRun(start + first, Math.Min(perRun, count - first), batchWidth, maxRatio));
            }
        }

        return runs;
    }
}

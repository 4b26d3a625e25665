using System.Diagnostics;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr;

public sealed partial class OcrPipeline
{
    // Runs the pipeline; an owned image is either kept by the result (RetainImages) or disposed here.
    private OcrResult PredictCore(BgrImage image, bool imageOwned, OcrPredictOptions? options, string? inputPath, int? pageIndex, CancellationToken cancellationToken)
    {
        var retained = false;
        try
        {
            return RunStages(image, imageOwned, options, inputPath, pageIndex, ref retained, cancellationToken);
        }
        finally
        {
            if (imageOwned && !retained)
            {
                image.Dispose();
            }
        }
    }

    private OcrResult RunStages(BgrImage image, bool imageOwned, OcrPredictOptions? options, string? inputPath, int? pageIndex, ref bool retained, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new OcrPredictOptions();
        if (options.Device is { } device && device != Options.Device)
        {
            return OnDevice(device).RunStages(image, imageOwned, options with { Device = null }, inputPath, pageIndex, ref retained, cancellationToken);
        }

        var settings = OcrCallSettings.Merge(options, Options);

        cancellationToken.ThrowIfCancellationRequested();
        DocPreprocessing? docInfo = null;
        BgrImage? preprocessed = null;
        BgrImage? rotated = null;
        var keep = Options.RetainImages;
        try
        {
            if (settings.UseDocPreprocessor)
            {
                var started = Stopwatch.GetTimestamp();
                (docInfo, preprocessed, rotated) = _docPreprocessor.Predict(image, settings.UseDocOrientation, settings.UseDocUnwarping, keep, cancellationToken);
                Timings?.Add(OcrStage.DocPreprocess, started);
            }

            var result = Recognize(preprocessed ?? image, settings, cancellationToken) with
            {
                InputPath = inputPath,
                PageIndex = pageIndex,
                ModelSettings = new OcrModelSettings(settings.UseDocPreprocessor, settings.UseTextlineOrientation),
                DocPreprocessorRes = docInfo,
            };
            if (!keep)
            {
                return result;
            }

            // The result keeps the pages its visualization needs; a caller's image is copied, an owned one is taken.
            var input = imageOwned ? image : image.Clone();
            retained = imageOwned;
            OcrResultImages images;
            if (preprocessed is null || docInfo is null)
            {
                images = new OcrResultImages(input);
            }
            else
            {
                images = new OcrResultImages(preprocessed, input, rotated ?? (docInfo.Angle > 0 ? preprocessed : input));
                preprocessed = null;
                rotated = null;
            }

            return result with { Images = images };
        }
        finally
        {
            preprocessed?.Dispose();
            rotated?.Dispose();
        }
    }

    // Detection, crops, text-line orientation and recognition on the (preprocessed) page.
    private OcrResult Recognize(BgrImage image, OcrCallSettings settings, CancellationToken cancellationToken)
    {
        var detection = settings.Detection;
        cancellationToken.ThrowIfCancellationRequested();
        var detected = _detector.Value.Predict(image, detection, cancellationToken, Timings);
        var started = Stopwatch.GetTimestamp();
        var order = QuadBoxSorter.Order(detected.Select(d => d.Box).ToArray());
        var polys = order.Select(i => detected[i].Box).ToArray();
        var scores = order.Select(i => detected[i].Score).ToArray();
        started = Timings?.Add(OcrStage.DetPost, started) ?? started;

        var recTexts = new List<string>();
        var recScores = new List<float>();
        var recPolys = new List<Quad>();
        var words = settings.ReturnWordBox ? new List<IReadOnlyList<string>>() : null;
        var wordRegions = settings.ReturnWordBox ? new List<IReadOnlyList<Quad>>() : null;
        int[]? angles = null;
        if (polys.Length > 0)
        {
            var crops = new BgrImage[polys.Length];
            try
            {
                LineCropper.Crop(image, polys, settings.CropPadding, crops, _pageParallelism, cancellationToken);

                started = Timings?.Add(OcrStage.Crop, started) ?? started;

                angles = new int[polys.Length];
                if (settings.UseTextlineOrientation)
                {
                    var orientations = _textlineOrientation.Value.Predict(crops, cancellationToken);
                    for (var i = 0; i < crops.Length; i++)
                    {
                        angles[i] = orientations[i].ClassId;
                        if (orientations[i].ClassId == 1)
                        {
                            var rotated = ImageRotation.Rotate180(crops[i]);
                            crops[i].Dispose();
                            crops[i] = rotated;
                        }
                    }
                }
                else
                {
                    Array.Fill(angles, -1);
                }

                Timings?.Add(OcrStage.Orientation, started);

                // PaddleX recognises the crops sorted by width/height ratio (stable), then restores the order.
                var byRatio = Enumerable.Range(0, crops.Length).OrderBy(i => crops[i].Width / (double)crops[i].Height).ToArray();
                var recognized = _recognizer.Value.Predict(byRatio.Select(i => crops[i]).ToArray(), settings.ReturnWordBox, cancellationToken, Timings);
                var inOrder = new TextRecognition[crops.Length];
                for (var k = 0; k < byRatio.Length; k++)
                {
                    inOrder[byRatio[k]] = recognized[k];
                }

                for (var i = 0; i < inOrder.Length; i++)
                {
                    if (inOrder[i].Score >= settings.RecScoreThresh)
                    {
                        recTexts.Add(inOrder[i].Text);
                        recScores.Add(inOrder[i].Score);
                        recPolys.Add(polys[i]);
                        if (words is not null && wordRegions is not null)
                        {
                            var (lineWords, lineBoxes) = WordBoxes.Compute(inOrder[i].Text, polys[i], inOrder[i].Columns, inOrder[i].Words!);
                            words.Add(lineWords);
                            wordRegions.Add(lineBoxes);
                        }
                    }
                }
            }
            finally
            {
                foreach (var crop in crops)
                {
                    crop?.Dispose();
                }
            }
        }

        return new OcrResult
        {
            ModelSettings = new OcrModelSettings(false, settings.UseTextlineOrientation),
            DtPolys = polys,
            DtScores = scores,
            TextDetParams = new TextDetParams(detection.LimitSideLen, LimitTypes.Format(detection.LimitType), detection.Thresh, detection.MaxSideLimit, detection.BoxThresh, detection.UnclipRatio),
            TextlineOrientationAngles = angles,
            TextRecScoreThresh = settings.RecScoreThresh,
            RecTexts = recTexts,
            RecScores = recScores,
            RecPolys = recPolys,
            TextWord = words,
            TextWordRegion = wordRegions,
        };
    }
}

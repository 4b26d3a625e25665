using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Server.Hosting;

/// <summary>
/// The images of an answer, as PaddleX's serving returns them: <c>ocrImage</c> (<c>ocr_res_img</c>),
/// <c>docPreprocessingImage</c> (<c>preprocessed_img</c>, when the preprocessor ran) and <c>inputImage</c>, each
/// JPEG and Base64, scaled down to fit 2000 x 2000 (PaddleX's <c>max_output_img_size</c>).
/// </summary>
internal static class ResultImages
{
    /// <summary>PaddleX's <c>DEFAULT_MAX_OUTPUT_IMG_SIZE</c>.</summary>
    public const int MaxSide = 2000;

    /// <summary>Draws and encodes the images of <paramref name="result"/>, which must hold its pages (RetainImages).</summary>
    /// <exception cref="FontNotFoundException">No font to draw the texts with.</exception>
    public static (string Ocr, string? DocPreprocessing, string? Input) Encode(OcrResult result, bool includeInput, string? fontPath)
    {
        var rendered = result.RenderImages(fontPath);
        try
        {
            var ocr = Base64Jpeg(rendered[OcrResult.OcrImageKey]);
            var doc = rendered.TryGetValue(OcrResult.DocPreprocessorImageKey, out var docImage) ? Base64Jpeg(docImage) : null;
            var input = includeInput && result.Images is { } images ? Base64Jpeg(images.DocInput ?? images.Page) : null;
            return (ocr, doc, input);
        }
        finally
        {
            foreach (var image in rendered.Values)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>Draws and encodes the OCR image alone: the <c>image</c> of PaddleX 3.0 beta's answers.</summary>
    /// <exception cref="FontNotFoundException">No font to draw the texts with.</exception>
    public static string EncodeOcr(OcrResult result, string? fontPath)
    {
        var rendered = result.RenderImages(fontPath);
        try
        {
            return Base64Jpeg(rendered[OcrResult.OcrImageKey]);
        }
        finally
        {
            foreach (var image in rendered.Values)
            {
                image.Dispose();
            }
        }
    }

    private static string Base64Jpeg(BgrImage image)
    {
        BgrImage? scaled = null;
        if (image.Width > MaxSide || image.Height > MaxSide)
        {
            // PaddleX: factor = 2000 / the longer side, sizes truncated, bilinear (cv2.resize's default).
            var factor = (double)MaxSide / Math.Max(image.Width, image.Height);
            scaled = ImageResize.ResizeLinear(image, Math.Max(1, (int)(factor * image.Width)), Math.Max(1, (int)(factor * image.Height)));
        }

        try
        {
            using var stream = new MemoryStream();
            JpegEncoder.Encode(scaled ?? image, stream);
            return Convert.ToBase64String(stream.GetBuffer(), 0, (int)stream.Length);
        }
        finally
        {
            scaled?.Dispose();
        }
    }
}

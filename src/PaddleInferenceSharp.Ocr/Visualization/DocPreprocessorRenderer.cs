using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Visualization;

/// <summary>
/// PaddleX's doc preprocessor image (<c>preprocessed_img</c>): the original, rotated and unwarped pages side by side on
/// white, with a 25-pixel caption strip naming each ("Rotated Image (True, 90)", "Unwarping Image (False)").
/// </summary>
internal static class DocPreprocessorRenderer
{
    private const int CaptionStrip = 25;
    private const int CaptionHeight = 20;

    /// <summary>Renders the image; the caller disposes it.</summary>
    /// <param name="input">The page given to the preprocessor.</param>
    /// <param name="rotated">The page after orientation correction.</param>
    /// <param name="output">The page after unwarping (what OCR ran on).</param>
    /// <param name="info">What the preprocessor did.</param>
    /// <param name="font">The caption font; its size is changed.</param>
    public static BgrImage Render(BgrImage input, BgrImage rotated, BgrImage output, DocPreprocessing info, FontFace font)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rotated);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(font);
        BgrImage[] panels = [input, rotated, output];
        string[] captions =
        [
            "Original Image",
            $"Rotated Image ({PythonBool(info.UseDocOrientationClassify)}, {info.Angle})",
            $"Unwarping Image ({PythonBool(info.UseDocUnwarping)})",
        ];
        var height = Math.Max(Math.Max(input.Height, rotated.Height), output.Height);
        var canvas = BgrImage.Create(input.Width + rotated.Width + output.Width, height + CaptionStrip);
        try
        {
            ImageFill.Fill(canvas, BgrColor.White);
            var left = 0;
            for (var i = 0; i < panels.Length; i++)
            {
                ImageFill.Paste(canvas, panels[i], left, 0);

                // PaddleX's create_font(caption, (panel width, 20)): 16 px, smaller if the caption is wider than the panel.
                var size = (int)(CaptionHeight * 0.8);
                font.SetPixelSize(size);
                var length = font.MeasureLength(captions[i]);
                if (length > panels[i].Width)
                {
                    size = (int)(size * panels[i].Width / length);
                }

                if (size > 0)
                {
                    font.SetPixelSize(size);
                    font.DrawText(canvas, left + 10, height + 2, captions[i], BgrColor.Black);
                }

                left += panels[i].Width;
            }

            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }

    private static string PythonBool(bool value) => value ? "True" : "False";
}

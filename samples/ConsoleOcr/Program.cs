// OCR of one image with the packaged PP-OCRv4 mobile models: dotnet run -- page.png
using PaddleInferenceSharp.Ocr;

using var ocr = OcrPipeline.Create(new OcrPipelineOptions { UseDocOrientationClassify = false, UseDocUnwarping = false, UseTextlineOrientation = false });
var result = ocr.Predict(args.Length > 0 ? args[0] : throw new ArgumentException("usage: ConsoleOcr <image>"));
foreach (var line in result.Lines)
    Console.WriteLine($"{line.Score:F3}\t{line.Text}");

using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>One recognised text line: the <c>i</c>-th entries of <see cref="OcrResult.RecTexts"/>, <see cref="OcrResult.RecScores"/>, <see cref="OcrResult.RecPolys"/> and <see cref="OcrResult.RecBoxes"/>.</summary>
/// <param name="Text">The text (<c>rec_texts[i]</c>).</param>
/// <param name="Score">The recognition confidence, 0 to 1 (<c>rec_scores[i]</c>).</param>
/// <param name="Polygon">The line's quadrilateral in page pixels, clockwise from the top left (<c>rec_polys[i]</c>).</param>
/// <param name="Box">The axis-aligned bounds of <paramref name="Polygon"/> (<c>rec_boxes[i]</c>).</param>
public sealed record OcrLine(string Text, float Score, Quad Polygon, (int XMin, int YMin, int XMax, int YMax) Box);

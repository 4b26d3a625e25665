using PaddleInferenceSharp.Ocr.Geometry;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>A detected text box and its score.</summary>
/// <param name="Box">Corners in the source image: top-left, top-right, bottom-right, bottom-left.</param>
/// <param name="Score">Mean text probability inside the box (or contour, in slow mode).</param>
public readonly record struct ScoredQuad(Quad Box, float Score);

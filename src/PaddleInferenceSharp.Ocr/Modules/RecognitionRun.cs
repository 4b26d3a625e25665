namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>One model run of text recognition: crops <c>[Start, Start + Count)</c> of a call.</summary>
/// <param name="Start">The first crop.</param>
/// <param name="Count">How many crops.</param>
/// <param name="BatchWidth">The width they are padded to: that of their PaddleX batch's widest crop.</param>
/// <param name="MaxRatio">Their batch's widest aspect ratio (at least the model's), which scales the time steps of word boxes.</param>
internal readonly record struct RecognitionRun(int Start, int Count, int BatchWidth, double MaxRatio);

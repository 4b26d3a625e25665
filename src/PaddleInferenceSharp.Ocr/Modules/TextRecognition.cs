namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>One recognised text line.</summary>
/// <param name="Text">The text.</param>
/// <param name="Score">Mean probability of the kept characters (0 for an empty text).</param>
/// <param name="Words">The words and their time steps, when word boxes were asked for.</param>
/// <param name="Columns">Time steps covering the crop (output length x the crop's share of the padded input), when word boxes were asked for.</param>
public readonly record struct TextRecognition(string Text, float Score, IReadOnlyList<RecognizedWord>? Words = null, double Columns = 0);

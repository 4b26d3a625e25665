namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>The kind of a recognised word (PaddleOCR's word states).</summary>
public enum WordKind
{
    /// <summary><c>cn</c>: CJK ideographs, boxed one character at a time.</summary>
    Cjk,
    /// <summary><c>en&amp;num</c>: letters and digits, with inner '-', '\'' and decimal points.</summary>
    LettersAndDigits,
}

/// <summary>A word of a recognised line and the CTC time steps its characters were decoded at.</summary>
/// <param name="Text">The characters.</param>
/// <param name="Columns">For each character, its time step (column) in the model output.</param>
/// <param name="Kind">CJK or letters/digits.</param>
public sealed record RecognizedWord(string Text, IReadOnlyList<int> Columns, WordKind Kind);

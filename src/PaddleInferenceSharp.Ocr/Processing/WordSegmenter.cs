namespace PaddleInferenceSharp.Ocr.Processing;

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

/// <summary>
/// Groups a decoded line into words as PaddleOCR's <c>get_word_info</c>: runs of CJK ideographs (U+4E00..U+9FFF),
/// runs of letters/digits (a '-' or '\'' after a letter or digit, and a '.' between digits, stay in the word);
/// everything else separates words and is dropped.
/// </summary>
public static class WordSegmenter
{
    /// <summary>Splits <paramref name="text"/> whose i-th character was decoded at <paramref name="columns"/>[i].</summary>
    public static IReadOnlyList<RecognizedWord> Segment(string text, IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != text.Length)
        {
            throw new ArgumentException($"{text.Length} characters but {columns.Count} columns.", nameof(columns));
        }

        var words = new List<RecognizedWord>();
        State? state = null;
        var chars = new System.Text.StringBuilder();
        var cols = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var kind = c is >= '\u4e00' and <= '\u9fff' ? State.Cjk
                : char.IsLetterOrDigit(c) ? State.Word
                : State.Splitter;
            if (c == '\'' && state == State.Word)
            {
                kind = State.Word;
            }

            if (c == '.' && state == State.Word && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                kind = State.Word;
            }

            if (c == '-' && state == State.Word)
            {
                kind = State.Word;
            }

            state ??= kind;
            if (state != kind)
            {
                Flush();
                state = kind;
            }

            if (state != State.Splitter)
            {
                chars.Append(c);
                cols.Add(columns[i]);
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (chars.Length > 0)
            {
                words.Add(new RecognizedWord(chars.ToString(), cols.ToArray(), state == State.Cjk ? WordKind.Cjk : WordKind.LettersAndDigits));
                chars.Clear();
                cols.Clear();
            }
        }
    }

    private enum State
    {
        Cjk,
        Word,
        Splitter,
    }
}

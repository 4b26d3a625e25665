using PaddleInferenceSharp.Ocr.Modules;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Groups a decoded line into words as PaddleOCR's <c>get_word_info</c>: runs of CJK ideographs (U+4E00..U+9FFF),
/// runs of letters/digits (a '-' or '\'' after a letter or digit, and a '.' between digits, stay in the word);
/// everything else separates words and is dropped.
/// </summary>
internal static class WordSegmenter
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

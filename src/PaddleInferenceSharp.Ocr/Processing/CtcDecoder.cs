using System.Numerics.Tensors;
using System.Text;

namespace PaddleInferenceSharp.Ocr.Processing;

/// <summary>
/// Greedy CTC decoding as PaddleX's <c>CTCLabelDecode</c>: per time step take the most probable class, merge
/// repeats, drop the blank (class 0); the score is the mean of the kept steps' maximum probabilities (0 when none).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class CtcDecoder
{
    private readonly string[] _labels;

    /// <summary>Creates a decoder for a dictionary.</summary>
    /// <param name="dictionary">The characters in model-class order, without the blank.</param>
    /// <param name="useSpaceChar">Append a space class after the dictionary (PaddleX's default, true).</param>
    public CtcDecoder(IReadOnlyList<string> dictionary, bool useSpaceChar = true)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var labels = new List<string>(dictionary.Count + 2) { "blank" };
        labels.AddRange(dictionary);
        if (useSpaceChar)
        {
            labels.Add(" ");
        }

        _labels = [.. labels];
    }

    /// <summary>Number of classes the model must output: blank + dictionary (+ space).</summary>
    public int ClassCount => _labels.Length;

    /// <summary>Decodes one sequence.</summary>
    /// <param name="probabilities">Row-major [timeSteps, classes] probabilities (softmax output).</param>
    /// <param name="classes">Classes per time step; must equal <see cref="ClassCount"/>.</param>
    /// <returns>The text and its score.</returns>
    public (string Text, float Score) Decode(ReadOnlySpan<float> probabilities, int classes) => Decode(probabilities, classes, null);

    /// <summary>Decodes one sequence and records the time step (column) of each kept character.</summary>
    /// <param name="probabilities">Row-major [timeSteps, classes] probabilities (softmax output).</param>
    /// <param name="classes">Classes per time step; must equal <see cref="ClassCount"/>.</param>
    /// <param name="columns">Receives one time step per character of the text (a multi-character label repeats it); cleared first.</param>
    public (string Text, float Score) Decode(ReadOnlySpan<float> probabilities, int classes, List<int>? columns)
    {
        columns?.Clear();
        if (classes != _labels.Length)
        {
            throw new ArgumentException($"The model outputs {classes} classes per step but the dictionary gives {_labels.Length} (blank + {_labels.Length - 1} characters incl. space).", nameof(classes));
        }

        if (probabilities.Length % classes != 0)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities are not a whole number of {classes}-class steps.", nameof(probabilities));
        }

        var steps = probabilities.Length / classes;
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var index = TensorPrimitives.IndexOfMax(row);
            if (index != 0 && index != previous)
            {
                text.Append(_labels[index]);
                for (var k = 0; columns is not null && k < _labels[index].Length; k++)
                {
                    columns.Add(t);
                }

                sum += row[index];
                kept++;
            }

            previous = index;
        }

        return (text.ToString(), kept == 0 ? 0f : (float)(sum / kept));
    }
}

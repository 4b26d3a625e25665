namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>Text recognition settings.</summary>
public sealed record TextRecognizerOptions
{
    /// <summary>Crops per inference batch (PaddleX's <c>batch_size</c>, 6 in the OCR pipeline).</summary>
    public int BatchSize { get; init; } = 6;

    /// <summary>
    /// At most this many input columns (crops × padded width) are in model runs at once (divided among
    /// <see cref="ParallelRuns"/>): a batch of wide crops is run in smaller groups at the batch's padded width. The
    /// answers are those of the whole batch (each crop is computed on its own; only the padded width matters), and the
    /// memory of the runs, which grows with crops × width, stays bounded. Default 3,840 = six crops of 640.
    /// </summary>
    public int MaxColumnsPerRun { get; init; } = 3840;

    /// <summary>
    /// Model runs of one <see cref="TextRecognizer.Predict"/> call that may run at the same time (1: one after
    /// another). <see cref="TextRecognizer.Create"/> loads the model once per parallel run and shares the intra-op
    /// threads among them; the constructor over a given predictor uses clones of it. With more than one, every crop is a
    /// run of its own at its batch's padded width, so that the runs share out evenly whatever the batch sizes. The
    /// answers do not change.
    /// </summary>
    public int ParallelRuns { get; init; } = 1;

    /// <summary>A dictionary file to use instead of the model directory's.</summary>
    public string? DictionaryPath { get; init; }

    /// <summary>
    /// Model input height and (base) width replacing <c>RecResizeImg.image_shape</c> of the model's
    /// <c>inference.yml</c> (PaddleX's <c>text_rec_input_shape</c>, given as C H W); null keeps the model's.
    /// </summary>
    public (int Height, int Width)? InputShape { get; init; }
}

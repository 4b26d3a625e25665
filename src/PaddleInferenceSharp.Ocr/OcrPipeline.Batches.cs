using System.Runtime.CompilerServices;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Ocr.Diagnostics;
using PaddleInferenceSharp.Ocr.Inputs;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr;

public sealed partial class OcrPipeline
{
    /// <summary>
    /// Runs OCR over files, directories (images and PDFs in name order) and http(s) URLs, one result per image or PDF
    /// page, lazily. <see cref="OcrPipelineOptions.BatchSize"/> inputs are read (fetched) and decoded together, in
    /// parallel, before they are recognised in order, as PaddleX's pipeline <c>batch_size</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">An input is neither a file, a directory nor a URL.</exception>
    /// <exception cref="ImageDecodeException">A file cannot be read or decoded.</exception>
    /// <exception cref="UrlInputException">A URL is refused by the address policy or cannot be downloaded.</exception>
    public IEnumerable<OcrResult> Predict(IEnumerable<string> inputs, OcrPredictOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var read in ReadInputs(inputs, readInTurnOnPool: false, cancellationToken))
        {
            var input = read.GetAwaiter().GetResult();
            Timings?.Add(OcrStage.Decode, input.ReadTime);
            foreach (var result in PredictInput(input, options, null, cancellationToken))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Runs OCR over many inputs (PaddleX's <c>predict_iter</c>): files, http(s) URLs, or directories whose images and
    /// PDFs are taken in name order; a PDF gives one result per page. Results stream as each image or page finishes;
    /// <see cref="OcrPipelineOptions.BatchSize"/> inputs are read and decoded together, in parallel.
    /// </summary>
    public async IAsyncEnumerable<OcrResult> PredictAsync(IEnumerable<string> inputs, OcrPredictOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var read in ReadInputs(inputs, readInTurnOnPool: true, cancellationToken))
        {
            var input = await read.ConfigureAwait(false);
            Timings?.Add(OcrStage.Decode, input.ReadTime);
            using var pages = await Task.Run(() => PredictInput(input, options, null, cancellationToken).GetEnumerator(), cancellationToken).ConfigureAwait(false);
            while (await Task.Run(pages.MoveNext, cancellationToken).ConfigureAwait(false))
            {
                yield return pages.Current;
            }
        }
    }

    // The inputs' reads in order, batch by batch: the caller owns each read it is given. The inputs of a batch of more
    // than one are read ahead, together; a batch of one is read in its turn, on the caller's thread or on the pool.
    private IEnumerable<Task<PipelineInput>> ReadInputs(IEnumerable<string> inputs, bool readInTurnOnPool, CancellationToken cancellationToken)
    {
        foreach (var batch in InputFiles.Expand(inputs).Chunk(Options.BatchSize))
        {
            var reads = ReadAhead(batch, cancellationToken);
            try
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var file = batch[i];
                    yield return reads[i] is not null ? Take(reads, i)
                        : readInTurnOnPool ? Task.Run(() => ReadInput(file, cancellationToken), cancellationToken)
                        : Task.FromResult(ReadInput(file, cancellationToken));
                }
            }
            finally
            {
                DisposeUnclaimed(reads);
            }
        }
    }

    // A batch of more than one input is read on the thread pool, all at once; a batch of one is read in its turn.
    private Task<PipelineInput>?[] ReadAhead(string[] batch, CancellationToken cancellationToken)
    {
        var reads = new Task<PipelineInput>?[batch.Length];
        if (batch.Length > 1)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                var file = batch[i];
                reads[i] = Task.Run(() => ReadInput(file, cancellationToken), cancellationToken);
            }
        }

        return reads;
    }

    // Hands a read over to the caller, which then owns what it holds.
    private static Task<PipelineInput> Take(Task<PipelineInput>?[] reads, int index)
    {
        var read = reads[index]!;
        reads[index] = null;
        return read;
    }

    // Inputs read ahead but never taken (the enumeration stopped) give their pixels and documents back.
    private static void DisposeUnclaimed(Task<PipelineInput>?[] reads)
    {
        foreach (var read in reads)
        {
            if (read is null)
            {
                continue;
            }

            try
            {
                read.Wait();
            }
            catch (AggregateException)
            {
                continue;
            }

            read.Result.Dispose();
        }
    }
}

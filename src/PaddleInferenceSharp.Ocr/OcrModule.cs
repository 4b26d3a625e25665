using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr.Models;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Ocr;

/// <summary>
/// One OCR module run on its own, as PaddleX's <c>create_model(model_name=..., model_dir=...)</c> and
/// <c>model.predict(input, batch_size=...)</c>: text detection, text recognition, text-line or document orientation
/// classification, or text image unwarping. Each result is an <see cref="OcrModuleResult"/> of the module's kind
/// (<see cref="TextDetectionResult"/>, <see cref="TextRecognitionResult"/>, <see cref="ClassificationResult"/>,
/// <see cref="UnwarpingResult"/>) with PaddleX's <c>print()</c>, <c>save_to_json</c> and <c>save_to_img</c>.
/// </summary>
/// <remarks>
/// The module runs the same code as the <see cref="OcrPipeline"/>'s stage, with the defaults of PaddleX's module
/// (text detection takes its thresholds from the model's <c>inference.yml</c>, where the pipeline has its own).
/// Thread-safety: one module serves one thread at a time (its predictor is not shared).
/// </remarks>
public abstract class OcrModule : IDisposable
{
    private readonly IInferenceEngine _engine;
    private readonly bool _ownsEngine;
    private bool _disposed;

    private protected OcrModule(OcrModuleKind kind, ModelDirectory model, OcrModuleOptions options, IInferenceEngine engine, bool ownsEngine)
    {
        Kind = kind;
        ModelName = model.ModelName;
        ModelDir = model.Path;
        Options = options;
        _engine = engine;
        _ownsEngine = ownsEngine;
    }

    /// <summary>The module.</summary>
    public OcrModuleKind Kind { get; }

    /// <summary>The model's name: <c>Global.model_name</c> of its <c>inference.yml</c>, else its directory's name.</summary>
    public string ModelName { get; }

    /// <summary>The model directory in use.</summary>
    public string ModelDir { get; }

    /// <summary>The construction settings.</summary>
    public OcrModuleOptions Options { get; }

    /// <summary>The engine running the model.</summary>
    public IInferenceEngine Engine => _engine;

    /// <summary>
    /// Finds the module's model (<see cref="OcrModuleOptions.ModelDir"/>, else <see cref="OcrModuleOptions.ModelName"/>
    /// in the model cache, downloaded when allowed) and loads it.
    /// </summary>
    /// <param name="kind">The module.</param>
    /// <param name="options">Settings; the default model of the module and the model's own parameters when null.</param>
    /// <param name="loggerFactory">Receives load messages.</param>
    /// <param name="engine">An engine to use (not disposed by the module); when null one is created from <see cref="OcrModuleOptions.Engine"/>.</param>
    /// <exception cref="ModelLoadException">
    /// The model is missing (offline, or its download failed: the message names every directory looked in), holds
    /// no weights (a program without its <c>.pdiparams</c>), is a model of another module (by its <c>inference.yml</c>
    /// post-processing), or is invalid.
    /// </exception>
    /// <exception cref="NativeLibraryNotFoundException">The engine's native library cannot be loaded.</exception>
    public static OcrModule Create(OcrModuleKind kind, OcrModuleOptions? options = null, ILoggerFactory? loggerFactory = null, IInferenceEngine? engine = null)
    {
        options ??= new OcrModuleOptions();
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown OCR module.");
        }

        if (options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "batch_size must be positive.");
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OcrModule>();
        var model = ModelDirectory.Open(options.ModelDir ?? new ModelCache(
            options.ModelCacheDir,
            options.AllowModelDownload ? options.ModelDownloader ?? new ModelDownloader(logger: logger) : null,
            options.DownloadProgress).Resolve(options.ModelName ?? OcrModuleKinds.DefaultModelName(kind)));
        RequireWeights(model);
        RequireKind(kind, model);

        var ownsEngine = engine is null;
        engine ??= InferenceEngines.Create(options.Engine, new InferenceEngineOptions { Device = options.Device, LoggerFactory = loggerFactory, OptimizeOnnxGraphs = options.OptimizeOnnxGraphs });
        try
        {
            logger.LogInformation("Loading {Module} model {Model} from {Directory}", OcrModuleKinds.NameOf(kind), model.ModelName, model.Path);
            var predictorOptions = new PredictorOptions { Device = options.Device.ToString(), CpuThreads = options.CpuThreads, EnableMkldnn = options.EnableMkldnn, Precision = options.Precision };
            return kind switch
            {
                OcrModuleKind.TextDetection => new TextDetectionModule(model, options, engine, ownsEngine, predictorOptions),
                OcrModuleKind.TextRecognition => new TextRecognitionModule(model, options, engine, ownsEngine, predictorOptions),
                OcrModuleKind.TextImageUnwarping => new UnwarpingModule(model, options, engine, ownsEngine, predictorOptions),
                _ => new ClassificationModule(kind, model, options, engine, ownsEngine, predictorOptions),
            };
        }
        catch
        {
            if (ownsEngine)
            {
                engine.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs the module on a decoded image.</summary>
    /// <param name="image">The image (BGR); not disposed. With <see cref="OcrModuleOptions.RetainImages"/> the result keeps a copy.</param>
    /// <param name="inputPath">The file the image came from, reported as <c>input_path</c>.</param>
    /// <param name="pageIndex">The PDF page, reported as <c>page_index</c>.</param>
    /// <param name="cancellationToken">Checked before and during inference.</param>
    public OcrModuleResult Predict(BgrImage image, string? inputPath = null, int? pageIndex = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return RunBatch([new Input(image, inputPath, pageIndex, Owned: false)], cancellationToken)[0];
    }

    /// <summary>Runs the module on decoded images, <see cref="OcrModuleOptions.BatchSize"/> per model run, in order.</summary>
    /// <param name="images">The images (BGR); not disposed.</param>
    /// <param name="inputPaths">The file of each image (reported as <c>input_path</c>), or null.</param>
    /// <param name="cancellationToken">Checked between batches and during inference.</param>
    public IReadOnlyList<OcrModuleResult> Predict(IReadOnlyList<BgrImage> images, IReadOnlyList<string?>? inputPaths = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (inputPaths is not null && inputPaths.Count != images.Count)
        {
            throw new ArgumentException($"{inputPaths.Count} input paths were given for {images.Count} images.", nameof(inputPaths));
        }

        var results = new List<OcrModuleResult>(images.Count);
        var batch = new List<Input>(Options.BatchSize);
        for (var i = 0; i < images.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(images[i], nameof(images));
            batch.Add(new Input(images[i], inputPaths?[i], null, Owned: false));
            if (batch.Count == Options.BatchSize || i == images.Count - 1)
            {
                results.AddRange(RunBatch(batch, cancellationToken));
                batch.Clear();
            }
        }

        return results;
    }

    /// <summary>
    /// Runs the module on an image file, each selected page of a PDF (rendered as PaddleX does at zoom 2, with
    /// <c>page_index</c> set), or the images and PDFs of a directory in name order; results stream as they finish.
    /// </summary>
    /// <exception cref="ImageDecodeException">A file cannot be read or decoded; <see cref="PdfDecodeException"/> for PDF problems.</exception>
    /// <exception cref="FileNotFoundException">The input is neither a file nor a directory.</exception>
    public IEnumerable<OcrModuleResult> Predict(string input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        return Predict([input], null, cancellationToken);
    }

    /// <summary>
    /// Runs the module over files and directories (PaddleX's <c>predict</c> over a list): images, PDF pages and the
    /// images and PDFs of directories in name order, <see cref="OcrModuleOptions.BatchSize"/> images per model run;
    /// results stream as each batch finishes.
    /// </summary>
    /// <param name="inputs">Files and directories.</param>
    /// <param name="pdfOptions">Zoom, page selection and limits for PDFs; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between images and during inference.</param>
    /// <exception cref="ImageDecodeException">A file cannot be read or decoded; <see cref="PdfDecodeException"/> for PDF problems.</exception>
    /// <exception cref="FileNotFoundException">An input is neither a file nor a directory.</exception>
    public IEnumerable<OcrModuleResult> Predict(IEnumerable<string> inputs, PdfRenderOptions? pdfOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return PredictFiles(inputs, pdfOptions, cancellationToken);
    }

    private IEnumerable<OcrModuleResult> PredictFiles(IEnumerable<string> inputs, PdfRenderOptions? pdfOptions, CancellationToken cancellationToken)
    {
        var batch = new List<Input>(Options.BatchSize);
        try
        {
            foreach (var input in Decode(inputs, pdfOptions, cancellationToken))
            {
                batch.Add(input);
                if (batch.Count == Options.BatchSize)
                {
                    var results = RunBatch(batch, cancellationToken);
                    batch.Clear();
                    foreach (var result in results)
                    {
                        yield return result;
                    }
                }
            }

            if (batch.Count > 0)
            {
                var results = RunBatch(batch, cancellationToken);
                batch.Clear();
                foreach (var result in results)
                {
                    yield return result;
                }
            }
        }
        finally
        {
            // Images decoded but never run (the caller stopped, or a later file failed) go back to the pool.
            foreach (var input in batch)
            {
                input.Image.Dispose();
            }
        }
    }

    // The images of the inputs, decoded one at a time (PDF pages rendered lazily); each is owned by the caller of MoveNext.
    private static IEnumerable<Input> Decode(IEnumerable<string> inputs, PdfRenderOptions? pdfOptions, CancellationToken cancellationToken)
    {
        foreach (var file in InputFiles.Expand(inputs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!InputFiles.IsPdf(file))
            {
                yield return new Input(ImageDecoder.DecodeFile(file), file, null, Owned: true);
                continue;
            }

            using var document = PdfDocument.Open(file, pdfOptions);
            foreach (var page in document.SelectedPages)
            {
                yield return new Input(document.RenderPage(page, cancellationToken), file, page, Owned: true);
            }
        }
    }

    // Runs one batch and gives each result its input's path, page and (when retained) image; owned images not kept are disposed.
    private OcrModuleResult[] RunBatch(IReadOnlyList<Input> batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var kept = 0;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var images = new BgrImage[batch.Count];
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = batch[i].Image;
            }

            var results = Run(images, cancellationToken);
            for (var i = 0; i < results.Length; i++)
            {
                var input = batch[i];
                results[i] = results[i] with
                {
                    InputPath = input.Path,
                    PageIndex = input.Page,
                    InputImage = !Options.RetainImages || !KeepsInputImage ? null : input.Owned ? input.Image : input.Image.Clone(),
                };
                kept = i + 1;
            }

            return results;
        }
        finally
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var handedOver = i < kept && Options.RetainImages && KeepsInputImage;
                if (batch[i].Owned && !handedOver)
                {
                    batch[i].Image.Dispose();
                }
            }
        }
    }

    /// <summary>Whether results draw on their input image (all but unwarping, whose result is its own image).</summary>
    private protected virtual bool KeepsInputImage => true;

    /// <summary>Runs the model on one batch; the results, in order, carry no input path, page or image yet.</summary>
    private protected abstract OcrModuleResult[] Run(IReadOnlyList<BgrImage> images, CancellationToken cancellationToken);

    /// <summary>Disposes the module's model.</summary>
    private protected abstract void DisposeModel();

    /// <summary>Disposes the model (and the engine, if the module created it). Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeModel();
        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }

    // A Paddle program without its parameters (e.g. a topology-only export) cannot run; say so before the engine tries.
    private static void RequireWeights(ModelDirectory model)
    {
        var source = model.Source;
        if (!source.HasOnnx && source.HasPaddleProgram && source.PaddleParamsPath is null)
        {
            throw new ModelLoadException(
                $"Model '{model.ModelName}' in '{model.Path}' has its program ({Path.GetFileName(source.PaddleProgramPath)}) but no weights "
                + $"({Path.GetFileNameWithoutExtension(source.PaddleProgramPath)}.pdiparams): the export is incomplete. Install the full exported model there (or inference.onnx).",
                model.Path);
        }
    }

    // The module a model's inference.yml post-processing belongs to; a model of another module is refused by name.
    private static void RequireKind(OcrModuleKind kind, ModelDirectory model)
    {
        var config = model.Config;
        var post = config?.PostProcessName;
        OcrModuleKind? declared = post switch
        {
            "DBPostProcess" => OcrModuleKind.TextDetection,
            "CTCLabelDecode" => OcrModuleKind.TextRecognition,
            _ => null,
        };
        var classifier = post == "ClsPostProcess" || config?.LabelList is not null;
        var fits = declared is { } d
            ? d == kind
            : !classifier || kind is OcrModuleKind.TextLineOrientationClassification or OcrModuleKind.DocImgOrientationClassification;
        if (!fits)
        {
            var what = declared is { } known ? OcrModuleKinds.NameOf(known) : "an image classification";
            throw new ModelLoadException(
                $"Model '{model.ModelName}' in '{model.Path}' is {(declared is null ? what : "a " + what)} model (inference.yml PostProcess: {post ?? "Topk"}), not a {OcrModuleKinds.NameOf(kind)} model.",
                model.Path);
        }
    }

    private readonly record struct Input(BgrImage Image, string? Path, int? Page, bool Owned);
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Results;

namespace PaddleInferenceSharp.Cli;

/// <summary>
/// <c>paddlex-sharp --module text_recognition --model_dir D --input crop.png</c> (also the subcommands
/// <c>paddlex-sharp text_recognition ...</c>, as PaddleOCR spells them): one OCR module on its own, each result printed
/// as PaddleX's <c>res.print()</c> and, with <c>--save_path</c>, saved as <c>&lt;stem&gt;_res.json</c> and
/// <c>&lt;stem&gt;_res.&lt;ext&gt;</c>.
/// </summary>
internal sealed class ModuleCommand(OcrCommand ocr)
{
    public Option<string?> Module { get; } = new("--module") { Description = $"Run one module instead of a pipeline: {string.Join(", ", OcrModuleKinds.Names)}." };
    public Option<string?> ModelName { get; } = new("--model_name") { Description = "With --module: the model name, looked up in the model caches (default: the module's default model)." };
    public Option<string?> ModelDir { get; } = new("--model_dir") { Description = "With --module: the model directory (wins over --model_name)." };
    public Option<int?> LimitSideLen { get; } = new("--limit_side_len") { Description = "text_detection: side length limit (default: the model's; 960 for PP-OCRv3/v4/v5 det)." };
    public Option<string?> LimitType { get; } = new("--limit_type") { Description = "text_detection: max, min or resize_long (default: max for PP-OCRv3/v4/v5 det, else min)." };
    public Option<int?> MaxSideLimit { get; } = new("--max_side_limit") { Description = "text_detection: hard cap on the longer resized side (4000)." };
    public Option<double?> Thresh { get; } = new("--thresh") { Description = "text_detection: pixel threshold of the probability map (default: the model's, 0.3)." };
    public Option<double?> BoxThresh { get; } = new("--box_thresh") { Description = "text_detection: minimum mean probability of a box (default: the model's, 0.6)." };
    public Option<double?> UnclipRatio { get; } = new("--unclip_ratio") { Description = "text_detection: box expansion ratio (default: the model's; PP-OCRv4 mobile det 1.5)." };
    public Option<int[]?> InputShape { get; } = new("--input_shape") { Description = "text_detection: fixed input C H W; text_recognition: input C H W instead of the model's.", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(3, 3) };

    private Option[] OwnOptions => [ModelName, ModelDir, LimitSideLen, LimitType, MaxSideLimit, Thresh, BoxThresh, UnclipRatio, InputShape];

    // The OCR command's flags that mean the same for a module (--batch_size: images per model run, PaddleX's batch_size).
    private Option[] SharedOptions => [ocr.Input, ocr.SavePath, ocr.Device, ocr.Engine, ocr.CpuThreads, ocr.EnableMkldnn, ocr.Precision, ocr.OptimizeOnnxGraphs, ocr.Offline, ocr.FontPath, ocr.Quiet, ocr.Verbose, ocr.BatchSize];

    /// <summary>Adds <c>--module</c> and the module flags to the root command, and one subcommand per module.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Module);
        foreach (var option in OwnOptions)
        {
            root.Options.Add(option);
        }

        foreach (var name in OcrModuleKinds.Names)
        {
            var kind = OcrModuleKinds.Parse(name);
            var command = new Command(name, $"Run the {name} module on its own (same as --module {name}).");
            foreach (var option in OwnOptions.Concat(SharedOptions))
            {
                command.Options.Add(option);
            }

            command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, kind, Console.Out, Console.Error, cancellationToken)));
            root.Subcommands.Add(command);
        }
    }

    /// <summary>True when the root command was given <c>--module</c>.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(Module) is not null;

    /// <summary>Runs the module (<paramref name="kind"/>, or <c>--module</c>'s when null) over the inputs; returns the exit code.</summary>
    public int Run(ParseResult parse, OcrModuleKind? kind, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        OcrModuleOptions options;
        string input;
        try
        {
            if (kind is null && parse.GetValue(ocr.Pipeline) is not null)
            {
                throw new ArgumentException("--module and --pipeline exclude each other: run one module or one pipeline.");
            }

            kind ??= OcrModuleKinds.Parse(parse.GetValue(Module)!);
            input = parse.GetValue(ocr.Input) ?? throw new ArgumentException($"--input is required (e.g. --module {OcrModuleKinds.NameOf(kind.Value)} --model_dir DIR --input image.png).");
            options = BuildOptions(parse);
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine("error: " + ex.Message.Split(" (Parameter", 2)[0]);
            return ExitCodes.Usage;
        }

        string[] files;
        try
        {
            files = InputFiles.Expand([input]).ToArray();
        }
        catch (FileNotFoundException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.InputError;
        }

        var savePath = parse.GetValue(ocr.SavePath);
        var fontPath = parse.GetValue(ocr.FontPath);
        // Recognition and classification images carry text; find the font before loading the model rather than fail on the first image.
        if (savePath is not null && kind is not (OcrModuleKind.TextDetection or OcrModuleKind.TextImageUnwarping))
        {
            try
            {
                var font = FontLocator.Locate(fontPath);
                using var _ = FontFace.Open(font.Path, font.FaceIndex);
            }
            catch (Exception ex) when (ex is FontNotFoundException or InferenceEngineException or NativeLibraryNotFoundException)
            {
                stderr.WriteLine("error: result images cannot be drawn: " + ex.Message);
                return ExitCodes.ModelError;
            }
        }

        using var loggerFactory = OcrCommand.CreateLoggerFactory(parse.GetValue(ocr.Verbose));
        OcrModule module;
        try
        {
            module = OcrModule.Create(kind.Value, options with { RetainImages = savePath is not null }, loggerFactory);
        }
        catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException or NotSupportedException or IOException or FormatException)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.ModelError;
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine("error: " + ex.Message.Split(" (Parameter", 2)[0]);
            return ExitCodes.Usage;
        }

        using (module)
        {
            return new Runner(module, savePath, fontPath, parse.GetValue(ocr.Quiet), stdout, stderr).Run(files, cancellationToken);
        }
    }

    private OcrModuleOptions BuildOptions(ParseResult parse)
    {
        var batchSize = parse.GetValue(ocr.BatchSize) ?? 1;
        if (batchSize <= 0)
        {
            throw new ArgumentException($"--batch_size must be positive, not {batchSize}.");
        }

        return new OcrModuleOptions
        {
            ModelName = parse.GetValue(ModelName),
            ModelDir = parse.GetValue(ModelDir),
            BatchSize = batchSize,
            LimitSideLen = parse.GetValue(LimitSideLen),
            LimitType = parse.GetValue(LimitType) is { } type ? ParseLimitType(type) : null,
            MaxSideLimit = parse.GetValue(MaxSideLimit),
            Thresh = parse.GetValue(Thresh),
            BoxThresh = parse.GetValue(BoxThresh),
            UnclipRatio = parse.GetValue(UnclipRatio),
            InputShape = parse.GetValue(InputShape) is { Length: 3 } shape ? (shape[1], shape[2]) : null,
            Engine = parse.GetValue(ocr.Engine) is { } engine ? OcrCommand.ParseEngine(engine) : InferenceEngineKind.Default,
            Device = parse.GetValue(ocr.Device) is { } device ? OcrCommand.ParseDevice(device) : InferenceDevice.Cpu,
            CpuThreads = parse.GetValue(ocr.CpuThreads),
            EnableMkldnn = PaddleXValues.ParseBool(ocr.EnableMkldnn.Name, parse.GetValue(ocr.EnableMkldnn)),
            Precision = parse.GetValue(ocr.Precision) is { } precision ? OcrCommand.ParsePrecision(precision) : InferencePrecision.Fp32,
            OptimizeOnnxGraphs = PaddleXValues.ParseBool(ocr.OptimizeOnnxGraphs.Name, parse.GetValue(ocr.OptimizeOnnxGraphs)) ?? true,
            AllowModelDownload = new OcrModuleOptions().AllowModelDownload && !parse.GetValue(ocr.Offline),
        };
    }

    private static Ocr.Modules.LimitType ParseLimitType(string value)
    {
        try
        {
            return LimitTypes.Parse(value);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"--limit_type must be max, min or resize_long, not '{value}'.");
        }
    }

    /// <summary>
    /// Runs the module over the files: images are decoded one by one and run <c>--batch_size</c> at a time, PDFs page
    /// by page; each result is printed and saved as it finishes. A file that cannot be read or decoded is reported
    /// and skipped; an engine failure stops the run.
    /// </summary>
    private sealed class Runner(OcrModule module, string? savePath, string? fontPath, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        private readonly List<(string File, string Message)> _failed = [];
        private int _results;

        public int Run(IReadOnlyList<string> files, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var code = ExitCodes.Success;
            var images = new List<BgrImage>();
            var paths = new List<string?>();
            try
            {
                foreach (var file in files)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (OcrRunner.IsPdf(file))
                    {
                        Guard(file, () =>
                        {
                            foreach (var result in module.Predict([file], null, cancellationToken))
                            {
                                Report(result);
                            }
                        });
                        continue;
                    }

                    Guard(file, () =>
                    {
                        images.Add(ImageDecoder.DecodeFile(file));
                        paths.Add(file);
                    });
                    if (images.Count == module.Options.BatchSize)
                    {
                        Flush(images, paths, cancellationToken);
                    }
                }

                Flush(images, paths, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stderr.WriteLine("paddlex-sharp: interrupted.");
                code = ExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is InferenceEngineException or NativeLibraryNotFoundException)
            {
                stderr.WriteLine("error: " + ex.Message);
                code = ExitCodes.ModelError;
            }
            finally
            {
                images.ForEach(i => i.Dispose());
            }

            var processed = files.Count - _failed.Count;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"paddlex-sharp: {OcrModuleKinds.NameOf(module.Kind)} ({module.ModelName}): {processed} of {files.Count} inputs processed ({_results} {(_results == 1 ? "result" : "results")}) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s{(_failed.Count > 0 ? $"; {_failed.Count} failed:" : string.Empty)}"));
            foreach (var (file, message) in _failed)
            {
                stderr.WriteLine("  " + (message.Contains(file, StringComparison.Ordinal) ? message : file + ": " + message));
            }

            return code != ExitCodes.Success ? code : _failed.Count > 0 ? ExitCodes.InputError : ExitCodes.Success;
        }

        private void Flush(List<BgrImage> images, List<string?> paths, CancellationToken cancellationToken)
        {
            if (images.Count == 0)
            {
                return;
            }

            try
            {
                foreach (var result in module.Predict(images, paths, cancellationToken))
                {
                    Report(result);
                }
            }
            finally
            {
                images.ForEach(i => i.Dispose());
                images.Clear();
                paths.Clear();
            }
        }

        // Reports an unreadable input and goes on; other failures stop the run.
        private void Guard(string file, Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                _failed.Add((file, ex.Message));
                stderr.WriteLine("error: " + ex.Message);
            }
        }

        private void Report(OcrModuleResult result)
        {
            using (result)
            {
                if (!quiet)
                {
                    stdout.WriteLine(result.ToJsonString());
                }

                if (savePath is not null)
                {
                    result.SaveToJson(savePath);
                    result.SaveToImg(savePath, fontPath);
                }

                _results++;
            }
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.OnnxRuntime;

namespace PaddleInferenceSharp.Cli;

/// <summary>
/// <c>paddlex-sharp calibrate --input DIR [OCR options]</c>: runs the OCR pipeline in fp32 over sample images,
/// measures the activation ranges of text detection and recognition, and writes their int8 models for <c>--precision int8</c>.
/// </summary>
internal sealed class CalibrateCommand
{
    private readonly OcrCommand _ocr = new();
    private readonly Option<int> _maxImages = new("--max_images") { Description = "Calibrate on at most this many images (in name order).", DefaultValueFactory = _ => 64 };
    private readonly Option<bool> _keepFirstLast = new("--keep_first_last_fp32") { Description = "Keep the first convolution and the last quantizable layer of each model in fp32." };

    public Command Build()
    {
        var command = new Command("calibrate",
            "Calibrate int8 text detection and recognition on sample images: runs the OCR pipeline (fp32) over --input, measures the range of every activation the quantizer needs, " +
            "writes each model quantized (QDQ, per-channel int8 weights, uint8 activations) with its statistics to the int8 cache, and reports which operators ONNX Runtime runs as integer kernels. " +
            "Afterwards --precision int8 with the same model options runs them.");
        _ocr.AddTo(command);
        command.Options.Add(_maxImages);
        command.Options.Add(_keepFirstLast);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, Console.Out, Console.Error, cancellationToken)));
        return command;
    }

    public int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_ocr.Input) is not { } input)
        {
            stderr.WriteLine("error: --input (sample images: a file or a directory) is required.");
            return ExitCodes.Usage;
        }

        using var loggerFactory = OcrCommand.CreateLoggerFactory(parse.GetValue(_ocr.Verbose));
        OcrPipelineOptions options;
        string[] files;
        try
        {
            options = _ocr.BuildPipelineOptions(parse, loggerFactory.CreateLogger("paddlex-sharp")) with { Precision = InferencePrecision.Int8 };
            if (options.Engine != InferenceEngineKind.OnnxRuntime && options.Engine != InferenceEngineKind.Default)
            {
                stderr.WriteLine($"error: int8 calibration is for the ONNX Runtime engine (--engine onnxruntime), not {options.Engine}.");
                return ExitCodes.Usage;
            }

            files = InputFiles.Expand([input]).Where(f => !f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)).Take(Math.Max(1, parse.GetValue(_maxImages))).ToArray();
        }
        catch (Exception ex) when (ex is ArgumentException or OcrConfigurationException)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (FileNotFoundException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.InputError;
        }

        if (files.Length == 0)
        {
            stderr.WriteLine($"error: no images in '{input}' to calibrate on.");
            return ExitCodes.InputError;
        }

        var skipped = 0;
        try
        {
            using var engine = OnnxRuntimeEngineProvider.Create(new InferenceEngineOptions { Device = options.Device, LoggerFactory = loggerFactory, OptimizeOnnxGraphs = options.OptimizeOnnxGraphs }, null);
            var calibration = new OnnxInt8Calibration(engine, new Int8QuantizationOptions
            {
                KeepFirstLayerFloat = parse.GetValue(_keepFirstLast),
                KeepLastLayerFloat = parse.GetValue(_keepFirstLast),
            });
            using (var pipeline = OcrPipeline.Create(options, loggerFactory, calibration.Engine))
            {
                for (var i = 0; i < files.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{i + 1}/{files.Length}] {files[i]}"));
                    try
                    {
                        pipeline.Predict(files[i], cancellationToken: cancellationToken);
                    }
                    catch (Exception ex) when (OcrRunner.IsInputError(ex))
                    {
                        // An unreadable sample costs the calibration one image, not the run.
                        skipped++;
                        stderr.WriteLine($"warning: skipped {files[i]}: {OcrRunner.Unwrap(ex).Message}");
                    }
                }
            }

            if (skipped == files.Length)
            {
                stderr.WriteLine($"error: none of the {files.Length} images in '{input}' could be read; nothing to calibrate on.");
                return ExitCodes.InputError;
            }

            IReadOnlyList<OnnxInt8CalibrationResult> results;
            try
            {
                results = calibration.Save(cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                // The images were read but none gave the models anything to run (no text found).
                stderr.WriteLine("error: " + ex.Message);
                return ExitCodes.InputError;
            }

            foreach (var result in results)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Model}: {result.CalibrationRuns} calibration runs; {result.Convs} Conv and {result.MatMuls} MatMul quantized, {result.Activations} activations, {result.KeptFloat.Count} kept fp32 -> {result.QuantizedModelPath}"));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ONNX Runtime runs {result.IntegerKernels} integer kernels, {result.FloatConvsAndMatMuls} float Conv/MatMul: {result.Describe()}"));
            }

            return ExitCodes.Success;
        }
        catch (InferenceEngineException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.ModelError;
        }
        catch (Native.NativeLibraryNotFoundException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.ModelError;
        }

        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
    }
}

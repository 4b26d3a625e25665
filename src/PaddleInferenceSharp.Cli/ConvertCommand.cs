using System.CommandLine;
using System.Globalization;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.Cli;

/// <summary><c>paddlex-sharp convert --model_dir DIR --output model.onnx</c>: a Paddle model directory to an ONNX file.</summary>
internal sealed class ConvertCommand
{
    public Option<string> ModelDir { get; } = new("--model_dir") { Description = "A Paddle model directory (inference.json or inference.pdmodel with inference.pdiparams).", Required = true };
    public Option<string> Output { get; } = new("--output") { Description = "The ONNX file to write.", Required = true };
    public Option<bool> NoOptimize { get; } = new("--no_optimize") { Description = "Write the converted graph as it is, without folding scales and shifts into convolutions or fusing hard-swish chains." };

    public Command Build()
    {
        var command = new Command("convert", "Convert a Paddle model (PIR inference.json or classic inference.pdmodel + inference.pdiparams) to ONNX (opset 17), or optimise a directory's inference.onnx, folding scales and shifts into convolutions.");
        command.Options.Add(ModelDir);
        command.Options.Add(Output);
        command.Options.Add(NoOptimize);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(ModelDir)!, parse.GetValue(Output)!, Console.Out, Console.Error, cancellationToken, !parse.GetValue(NoOptimize))));
        return command;
    }

    public static int Run(string modelDir, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool optimize = true)
    {
        try
        {
            var source = ModelSource.FromDirectory(modelDir);
            if (source.PaddleProgramPath is null && source.OnnxPath is not null)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var optimized = OnnxGraphOptimizer.Optimize(File.ReadAllBytes(source.OnnxPath), source.OnnxPath);
                WriteOutput(output, optimized.OnnxModel);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{source.OnnxPath} ({optimized.NodesBefore} nodes) -> {Path.GetFullPath(output)} ({optimized.NodesAfter} nodes: {optimized.HardSwishFused} hard-swish chains fused, {optimized.AffinesFolded} scale/shift nodes folded into convolutions) in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms"));
                return ExitCodes.Success;
            }

            if (source.PaddleProgramPath is null)
            {
                stderr.WriteLine($"error: '{source.DisplayName}' holds no Paddle program (inference.json or inference.pdmodel) and no inference.onnx; nothing to convert.");
                return ExitCodes.ModelError;
            }

            var result = new PaddleToOnnxConverter(optimizeGraph: optimize).Convert(source.PaddleProgramPath, source.PaddleParamsPath, cancellationToken);
            WriteOutput(output, result.OnnxModel);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Program.FilePath} ({result.Program.Format}, {result.Program.Ops.Count} ops, {result.ParameterCount} parameters, {result.ParameterBytes:N0} bytes) -> {Path.GetFullPath(output)} ({result.NodeCount} nodes, {result.OnnxModel.Length:N0} bytes) in {result.Elapsed.TotalMilliseconds:F0} ms, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB"));
            return ExitCodes.Success;
        }
        catch (ModelLoadException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return ExitCodes.ModelError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: cannot write '{output}': {e.Message}");
            return ExitCodes.InputError;
        }
    }

    private static void WriteOutput(string output, byte[] model)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(output, model);
    }
}

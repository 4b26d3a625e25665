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

    public Command Build()
    {
        var command = new Command("convert", "Convert a Paddle model (PIR inference.json or classic inference.pdmodel + inference.pdiparams) to ONNX (opset 17).");
        command.Options.Add(ModelDir);
        command.Options.Add(Output);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(ModelDir)!, parse.GetValue(Output)!, Console.Out, Console.Error, cancellationToken)));
        return command;
    }

    public static int Run(string modelDir, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            var source = ModelSource.FromDirectory(modelDir);
            if (source.PaddleProgramPath is null)
            {
                stderr.WriteLine($"error: '{source.DisplayName}' holds no Paddle program (inference.json or inference.pdmodel); nothing to convert.");
                return ExitCodes.ModelError;
            }

            var result = new PaddleToOnnxConverter().Convert(source.PaddleProgramPath, source.PaddleParamsPath, cancellationToken);
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(output, result.OnnxModel);
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
}

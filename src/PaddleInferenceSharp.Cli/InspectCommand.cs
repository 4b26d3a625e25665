using System.CommandLine;
using System.Globalization;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.Cli;

/// <summary><c>paddlex-sharp inspect --model_dir DIR</c>: inputs, outputs, ops with counts, parameters and bytes of a Paddle model.</summary>
internal sealed class InspectCommand
{
    public Option<string> ModelDir { get; } = new("--model_dir") { Description = "A Paddle model directory (inference.json or inference.pdmodel, optionally inference.pdiparams).", Required = true };

    public Command Build()
    {
        var command = new Command("inspect", "Describe a Paddle model: format, inputs, outputs, ops with counts, parameters and their bytes (the .pdiparams file is checked against the program).");
        command.Options.Add(ModelDir);
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(ModelDir)!, Console.Out, Console.Error)));
        return command;
    }

    public static int Run(string modelDir, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var source = ModelSource.FromDirectory(modelDir);
            if (source.PaddleProgramPath is null)
            {
                stderr.WriteLine($"error: '{source.DisplayName}' holds no Paddle program (inference.json or inference.pdmodel).");
                return ExitCodes.ModelError;
            }

            var program = PaddleToOnnxConverter.ReadProgram(source.PaddleProgramPath);
            var w = stdout;
            w.WriteLine($"program:    {program.FilePath}");
            w.WriteLine($"format:     {(program.Format == PaddleProgramFormat.Pir ? "PIR (inference.json)" : "classic ProgramDesc (.pdmodel)")}, version {program.Version}");
            foreach (var input in program.Inputs)
            {
                w.WriteLine($"input:      {Describe(input)}");
            }

            for (var i = 0; i < program.Outputs.Count; i++)
            {
                w.WriteLine($"output:     {program.OutputNames[i]} = {Describe(program.Outputs[i])}");
            }

            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters: {program.Parameters.Count} tensors, {program.ParameterBytes:N0} bytes of data"));
            if (source.PaddleParamsPath is not null)
            {
                using var reader = new PdiparamsReader(source.PaddleParamsPath);
                var count = 0;
                reader.ReadParameters(program, (_, _) => count++);
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"            {source.PaddleParamsPath}: {count} records, {reader.Length:N0} bytes, all match the program"));
            }
            else
            {
                w.WriteLine("            no .pdiparams file (topology only)");
            }

            var counts = program.OpCounts();
            w.WriteLine($"ops:        {program.Ops.Count} in {counts.Count} types");
            foreach (var (type, count) in counts)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6}  {type}"));
            }

            return ExitCodes.Success;
        }
        catch (ModelLoadException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return ExitCodes.ModelError;
        }
    }

    private static string Describe(PaddleValue value) =>
        $"{value.Name} {value.DataType} [{string.Join(", ", value.Dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]";
}

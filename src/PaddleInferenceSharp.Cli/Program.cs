using System.CommandLine;
using PaddleInferenceSharp.Cli;

var ocr = new OcrCommand();
var serve = new ServeCommand(ocr);
var module = new ModuleCommand(ocr);
var root = new RootCommand("paddlex-sharp: run PaddleX's OCR pipeline (paddlex --pipeline OCR ...) or one of its modules (--module text_recognition ...) from .NET.");
ocr.AddTo(root);
serve.AddTo(root);
module.AddTo(root);
root.SetAction((parse, cancellationToken) =>
    serve.Requested(parse) ? serve.RunAsync(parse, cancellationToken)
    : module.Requested(parse) ? Task.FromResult(module.Run(parse, null, Console.Out, Console.Error, cancellationToken))
    : Task.FromResult(ocr.Run(parse, Console.Out, Console.Error, cancellationToken)));
root.Subcommands.Add(new ConvertCommand().Build());
root.Subcommands.Add(new InspectCommand().Build());
root.Subcommands.Add(new CalibrateCommand().Build());

var result = root.Parse(args);
if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in result.Errors)
    {
        Console.Error.WriteLine("error: " + error.Message);
    }

    Console.Error.WriteLine("Run 'paddlex-sharp --help' for the options.");
    return ExitCodes.Usage;
}

return await result.InvokeAsync().ConfigureAwait(false);

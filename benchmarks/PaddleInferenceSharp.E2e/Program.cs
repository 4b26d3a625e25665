using System.CommandLine;
using PaddleInferenceSharp.Cli;
using PaddleInferenceSharp.E2e;

// scripts/bench-e2e --input ../shared/eval/dev --save_path out/bench [--repeat 3] [--warmup 1] [--workers 1] [--engine_only] [OCR flags]
var ocr = new OcrCommand();
var harness = new HarnessOptions();
var root = new RootCommand("End-to-end OCR benchmark: loads the pipeline once, warms up, runs every image N times, writes per-image predictions with wall time in the scorer's format, prints latency, throughput, memory and a per-stage breakdown.");
ocr.AddTo(root);
harness.AddTo(root);
root.SetAction(parse =>
{
    try
    {
        return new E2eHarness(harness.Read(parse), ocr.BuildPipelineOptions(parse, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) with { RetainImages = false }, Console.Out).Run();
    }
    catch (Exception ex) when (ex is ArgumentException or PaddleInferenceSharp.Ocr.OcrConfigurationException)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 2;
    }
});

return root.Parse(args).Invoke();

using System.CommandLine;

namespace PaddleInferenceSharp.E2e;

/// <summary>The harness's own flags; the OCR flags come from paddlex-sharp.</summary>
internal sealed class HarnessOptions
{
    private readonly Option<int> _repeat = new("--repeat") { Description = "Timed runs of every image (the median is reported per image).", DefaultValueFactory = _ => 3 };
    private readonly Option<int> _warmup = new("--warmup") { Description = "Untimed runs of every image before timing.", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _engineOnly = new("--engine_only") { Description = "Also time the engine alone: record the tensors the pipeline feeds it in one more pass, replay exactly those run calls (same predictors, same parallel runs) --repeat times, and report our wall time over the engine's." };
    private readonly Option<int> _workers = new("--workers") { Description = "Concurrent pipelines (throughput mode); each takes images from a shared queue.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        command.Options.Add(_repeat);
        command.Options.Add(_warmup);
        command.Options.Add(_workers);
        command.Options.Add(_engineOnly);
    }

    public Settings Read(ParseResult parse)
    {
        var input = parse.GetValue<string?>("--input") ?? throw new ArgumentException("--input (an image or a directory) is required.");
        var output = parse.GetValue<string?>("--save_path") ?? throw new ArgumentException("--save_path (where predictions are written) is required.");
        var repeat = parse.GetValue(_repeat);
        var warmup = parse.GetValue(_warmup);
        var workers = parse.GetValue(_workers);
        var engineOnly = parse.GetValue(_engineOnly);
        if (repeat < 1 || warmup < 0 || workers < 1)
        {
            throw new ArgumentException("--repeat and --workers must be at least 1, --warmup at least 0.");
        }

        if (engineOnly && workers != 1)
        {
            throw new ArgumentException("--engine_only measures latency: use it with --workers 1.");
        }

        return new Settings(input, output, repeat, warmup, workers, engineOnly);
    }

    public sealed record Settings(string Input, string Output, int Repeat, int Warmup, int Workers, bool EngineOnly);
}

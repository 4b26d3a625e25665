using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>DB post-processing of a 1280 x 960 probability map with 30 text lines (PaddleX defaults).</summary>
[MemoryDiagnoser]
public class DbPostProcessBenchmark
{
    private float[] _map = null!;
    private readonly TextDetectorOptions _options = new();

    [GlobalSetup]
    public void Setup() => _map = SyntheticPage.ProbabilityMap(1280, 960, 30, seed: 1);

    [Benchmark]
    public int Process() => DbPostProcessor.Process(_map, 1280, 960, 2560, 1920, _options).Count;
}

using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>CTC decoding of 30 lines of 80 time steps over PP-OCRv4's 6625 classes.</summary>
[MemoryDiagnoser]
public class CtcDecodeBenchmark
{
    private const int Steps = 80;
    private const int Lines = 30;
    private CtcDecoder _decoder = null!;
    private float[] _probabilities = null!;
    private int _classes;

    [GlobalSetup]
    public void Setup()
    {
        var dictionary = Enumerable.Range(0, 6623).Select(i => ((char)(0x4E00 + i)).ToString()).ToArray();
        _decoder = new CtcDecoder(dictionary);
        _classes = _decoder.ClassCount;
        var random = new Random(1);
        _probabilities = new float[Lines * Steps * _classes];
        for (var t = 0; t < Lines * Steps; t++)
        {
            var row = _probabilities.AsSpan(t * _classes, _classes);
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = (float)random.NextDouble() * 1e-4f;
            }

            row[random.Next(4) == 0 ? 0 : random.Next(_classes)] = 0.9f;
        }
    }

    [Benchmark]
    public int Decode()
    {
        var total = 0;
        for (var line = 0; line < Lines; line++)
        {
            total += _decoder.Decode(_probabilities.AsSpan(line * Steps * _classes, Steps * _classes), _classes).Text.Length;
        }

        return total;
    }
}

using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Transforms;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Processing;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>Per-page processing outside the models on a 1280 x 960 page with 30 text lines.</summary>
[MemoryDiagnoser]
public class PreprocessBenchmark
{
    private BgrImage _page = null!;
    private float[] _input = null!;
    private Quad[] _lines = null!;
    private float[] _grid = null!;

    [GlobalSetup]
    public void Setup()
    {
        _page = BgrImage.Create(1280, 960);
        new Random(1).NextBytes(_page.Pixels);
        _input = new float[3 * 960 * 736];
        _lines = Enumerable.Range(0, 30)
            .Select(i => new Quad(new(40, 20 + i * 31), new(1100, 22 + i * 31), new(1100, 46 + i * 31), new(40, 44 + i * 31)))
            .ToArray();
        // A UVDoc-sized coarse grid (45 x 31) that maps the page onto itself with a slight bend.
        _grid = new float[2 * 45 * 31];
        for (var y = 0; y < 45; y++)
        {
            for (var x = 0; x < 31; x++)
            {
                _grid[y * 31 + x] = -1 + 2 * x / 30f + 0.01f * MathF.Sin(y / 5f);
                _grid[45 * 31 + y * 31 + x] = -1 + 2 * y / 44f;
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _page.Dispose();

    /// <summary>Detection input: bilinear resize to 960 x 736 and mean/std normalisation to CHW floats.</summary>
    [Benchmark]
    public float ResizeAndNormalize()
    {
        using var resized = ImageResize.ResizeLinear(_page, 960, 736);
        ImageNormalizer.NormalizeMeanStd(resized, _input, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], 1.0 / 255.0);
        return _input[12345];
    }

    /// <summary>Perspective crops (bicubic) of 30 text lines.</summary>
    [Benchmark]
    public int Crop30Lines()
    {
        var total = 0;
        foreach (var line in _lines)
        {
            using var crop = PerspectiveCrop.Crop(_page, line);
            total += crop.Width;
        }

        return total;
    }

    /// <summary>UVDoc tail: upsample a coarse grid to the page and sample the page through it.</summary>
    [Benchmark]
    public byte GridSample()
    {
        using var result = GridSampler.Unwarp(_page, _grid, 31, 45);
        return result.Pixels[777];
    }
}

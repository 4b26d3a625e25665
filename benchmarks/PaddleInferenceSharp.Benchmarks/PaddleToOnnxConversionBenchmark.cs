using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Models;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>
/// Paddle → ONNX conversion (read program, stream .pdiparams, build and serialise the ModelProto) per model of
/// ../shared/models (PADDLEX_MODELS_DIR overrides). Topology-only models get random weights of the declared shapes.
/// </summary>
[MemoryDiagnoser]
public class PaddleToOnnxConversionBenchmark
{
    private string _program = null!;
    private string _params = null!;
    private string? _temp;

    [Params("PP-OCRv4_mobile_det", "PP-OCRv4_mobile_rec", "PP-OCRv3_mobile_det", "en_number_mobile_v2.0_rec", "ch_ppocr_mobile_v2.0_cls",
        "PP-LCNet_x0_25_textline_ori", "PP-OCRv5_mobile_det_topology_v4_weights", "PP-OCRv5_server_det_topology", "PP-OCRv5_server_rec_topology")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(ModelsRoot(), Model);
        _program = File.Exists(Path.Combine(dir, "inference.json")) ? Path.Combine(dir, "inference.json") : Path.Combine(dir, "inference.pdmodel");
        _params = Path.Combine(dir, "inference.pdiparams");
        if (!File.Exists(_params))
        {
            _temp = Path.Combine(Path.GetTempPath(), "conversion-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_temp);
            _params = Path.Combine(_temp, "inference.pdiparams");
            var random = new Random(1);
            using var writer = new PdiparamsWriter(_params);
            foreach (var p in PaddleToOnnxConverter.ReadProgram(_program).Parameters)
            {
                var values = new float[p.ElementCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)random.NextDouble();
                }

                writer.Write(p.DataType, p.Dims, MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_temp is not null)
        {
            Directory.Delete(_temp, true);
        }
    }

    [Benchmark]
    public int Convert() => new PaddleToOnnxConverter().Convert(_program, _params).OnnxModel.Length;

    private static string ModelsRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PADDLEX_MODELS_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaddleInferenceSharp.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "models");
            }
        }

        throw new InvalidOperationException("Set PADDLEX_MODELS_DIR to the Paddle-format models (../shared/models).");
    }
}

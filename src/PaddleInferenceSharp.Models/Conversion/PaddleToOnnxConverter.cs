using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Converts a Paddle inference program (classic <c>.pdmodel</c> or PIR <c>inference.json</c>) and its
/// <c>.pdiparams</c> into an in-memory ONNX model (opset 17) that ONNX Runtime can run. Dynamic dimensions stay dynamic.
/// </summary>
/// <remarks>Thread-safe: each conversion uses its own state.</remarks>
public sealed class PaddleToOnnxConverter
{
    /// <summary>The ONNX opset the converter writes.</summary>
    public const int OpsetVersion = 17;

    /// <summary>The ONNX IR version written (8 covers opsets up to 18).</summary>
    public const int IrVersion = 8;

    /// <summary>Changes whenever the converter's output for the same input changes (part of the cache key).</summary>
    public const string ConverterVersion = "3";

    private readonly ILogger _logger;
    private readonly OnnxConversionCache? _cache;
    private readonly bool _optimizeGraph;

    /// <summary>Creates a converter.</summary>
    /// <param name="logger">Receives a line per conversion (program, op count, time).</param>
    /// <param name="cache">Where <see cref="ConvertSource"/> keeps converted models; null converts every time.</param>
    /// <param name="optimizeGraph">
    /// Fold per-channel scales and shifts into convolutions and fuse hard-swish chains (<see cref="OnnxGraphOptimizer"/>)
    /// in the converted graph; also applied by <see cref="OptimizeSource"/> to models that are ONNX already.
    /// </param>
    public PaddleToOnnxConverter(ILogger? logger = null, OnnxConversionCache? cache = null, bool optimizeGraph = true)
    {
        _logger = logger ?? NullLogger.Instance;
        _cache = cache;
        _optimizeGraph = optimizeGraph;
    }

    /// <summary>
    /// Rewrites a model that is ONNX already with <see cref="OnnxGraphOptimizer"/> (in memory; the file is not
    /// changed) when graph optimisation is on; other models are returned as they are. Fits <c>OnnxRuntimeEngine</c>'s
    /// ONNX hook.
    /// </summary>
    /// <exception cref="Engine.ModelLoadException">The ONNX file cannot be read.</exception>
    /// <exception cref="PaddleModelFormatException">The file is not an ONNX model.</exception>
    public Engine.ModelSource OptimizeSource(Engine.ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!_optimizeGraph || !source.HasOnnx)
        {
            return source;
        }

        byte[] bytes;
        try
        {
            bytes = source.OnnxPath is not null ? File.ReadAllBytes(source.OnnxPath) : source.OnnxBytes.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Engine.ModelLoadException($"Cannot read ONNX model '{source.OnnxPath}': {e.Message}", source.DisplayName, e);
        }

        var result = OnnxGraphOptimizer.Optimize(bytes, source.OnnxPath ?? source.DisplayName);
        _logger.LogInformation("Optimised {Model}: {Before} -> {After} nodes ({HardSwish} hard-swish chains fused, {Affines} scale/shift nodes folded into convolutions) in {Ms:F0} ms",
            source.DisplayName, result.NodesBefore, result.NodesAfter, result.HardSwishFused, result.AffinesFolded, result.Elapsed.TotalMilliseconds);
        return result.Changed ? Engine.ModelSource.FromOnnxBytes(result.OnnxModel, source.DisplayName) : source;
    }

    /// <summary>
    /// Turns a model that has only a Paddle program into an in-memory ONNX model (through the cache when one was
    /// given); a model that already has ONNX is returned as is. Fits <c>OnnxRuntimeEngine</c>'s converter hook.
    /// </summary>
    /// <exception cref="PaddleModelFormatException">The program or parameters are malformed, or an op is not supported.</exception>
    public Engine.ModelSource ConvertSource(Engine.ModelSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.HasOnnx || source.PaddleProgramPath is null)
        {
            return source;
        }

        var started = Stopwatch.GetTimestamp();
        var key = _cache is null ? null : OnnxConversionCache.Key(source.PaddleProgramPath, source.PaddleParamsPath);
        if (key is not null && _cache!.TryGet(key) is { } cached)
        {
            _logger.LogInformation("Loaded the ONNX conversion of {Program} from the cache {Cache} in {Ms:F0} ms",
                source.PaddleProgramPath, _cache.Directory, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Engine.ModelSource.FromOnnxBytes(cached, source.DisplayName);
        }

        var result = Convert(source.PaddleProgramPath, source.PaddleParamsPath, cancellationToken);
        if (key is not null)
        {
            _cache!.Put(key, result.OnnxModel);
        }

        return Engine.ModelSource.FromOnnxBytes(result.OnnxModel, source.DisplayName);
    }

    /// <summary>Reads a Paddle program by its extension: <c>.json</c> (PIR) or <c>.pdmodel</c> (classic).</summary>
    /// <exception cref="PaddleModelFormatException">Unknown extension or malformed file.</exception>
    public static PaddleProgram ReadProgram(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => PirProgramReader.Read(path),
            ".pdmodel" => ProgramDescReader.Read(path),
            var ext => throw new PaddleModelFormatException($"'{path}' has extension '{ext}'; expected .json (PIR) or .pdmodel (classic ProgramDesc).", path),
        };
    }

    /// <summary>Converts a program file and its parameter file.</summary>
    /// <param name="programPath">The <c>.json</c> or <c>.pdmodel</c> file.</param>
    /// <param name="paramsPath">The <c>.pdiparams</c> file; required when the program has parameters.</param>
    /// <param name="cancellationToken">Cancels between parameters and ops.</param>
    /// <exception cref="PaddleModelFormatException">A file is malformed or an op is not supported (the message names op, position and file).</exception>
    public OnnxConversionResult Convert(string programPath, string? paramsPath, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var program = ReadProgram(programPath);
        return Convert(program, paramsPath, started, cancellationToken);
    }

    /// <summary>Converts a program already read.</summary>
    /// <exception cref="PaddleModelFormatException">A file is malformed or an op is not supported.</exception>
    public OnnxConversionResult Convert(PaddleProgram program, string? paramsPath, CancellationToken cancellationToken = default) =>
        Convert(program, paramsPath, Stopwatch.GetTimestamp(), cancellationToken);

    private OnnxConversionResult Convert(PaddleProgram program, string? paramsPath, long started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Parameters.Count > 0 && paramsPath is null)
        {
            throw new PaddleModelFormatException(
                $"'{program.FilePath}' declares {program.Parameters.Count} parameters but no .pdiparams file was given; expected inference.pdiparams beside it.",
                program.FilePath);
        }

        var b = new OnnxGraphBuilder();
        foreach (var value in program.Values.Values)
        {
            b.Ranks[value.Name] = value.Dims.Count;
        }

        foreach (var input in program.Inputs)
        {
            b.Graph.Input.Add(ValueInfo(input.Name, input.DataType, input.Dims, "in"));
        }

        long parameterBytes = 0;
        var parameterCount = 0;
        if (paramsPath is not null && program.Parameters.Count > 0)
        {
            using var reader = new PdiparamsReader(paramsPath);
            reader.ReadParameters(program, (p, record) =>
            {
                var (type, data) = InitializerData(p, record);
                b.Initializer(p.Name, type, record.Dims, UnsafeByteOperations.UnsafeWrap(data));
                parameterBytes += data.Length;
                parameterCount++;
            }, cancellationToken);
        }

        foreach (var op in program.Ops)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (program.Format == PaddleProgramFormat.Pir)
            {
                PirOpConverter.Convert(b, program, op);
            }
            else
            {
                ClassicOpConverter.Convert(b, program, op);
            }
        }

        for (var i = 0; i < program.Outputs.Count; i++)
        {
            var value = program.Outputs[i];
            var name = program.OutputNames[i];
            if (name != value.Name)
            {
                b.Add("Identity", [value.Name], name);
            }

            b.Graph.Output.Add(ValueInfo(name, value.DataType, value.Dims, "out" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var folded = BatchNormFolding.Apply(b.Graph);
        var (hardSwish, affines) = _optimizeGraph ? OnnxGraphOptimizer.Apply(b.Graph, OpsetVersion) : (0, 0);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "PaddleInferenceSharp",
            ProducerVersion = typeof(PaddleToOnnxConverter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = b.Graph,
            DocString = $"Converted from {Path.GetFileName(program.FilePath)} ({program.Format})",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        var bytes = model.ToByteArray();
        var elapsed = Stopwatch.GetElapsedTime(started);
        _logger.LogInformation("Converted {Program} ({Format}, {Ops} ops, {Params} parameters, {Bytes} bytes) to ONNX ({Nodes} nodes, {Folded} batch norms folded, {HardSwish} hard-swish chains fused, {Affines} scale/shift nodes folded) in {Ms:F0} ms",
            program.FilePath, program.Format, program.Ops.Count, parameterCount, parameterBytes, b.NodeCount, folded, hardSwish, affines, elapsed.TotalMilliseconds);
        return new OnnxConversionResult(bytes, program, b.NodeCount, parameterCount, parameterBytes, elapsed);
    }

    private static (int Type, byte[] Data) InitializerData(PaddleValue declared, PaddleTensorRecord record)
    {
        var data = record.Data!;
        if (declared.DataType == PaddleVarType.Float32 && record.DataType == PaddleVarType.Float16)
        {
            var widened = new byte[data.Length * 2];
            var source = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(data);
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(widened.AsSpan());
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = (float)source[i];
            }

            return ((int)TensorProto.Types.DataType.Float, widened);
        }

        return (OnnxType(record.DataType, declared.Name, declared.ToString()), data);
    }

    /// <summary>The ONNX element type of a Paddle element type.</summary>
    internal static int OnnxType(PaddleVarType type, string file, string what) => type switch
    {
        PaddleVarType.Float32 => (int)TensorProto.Types.DataType.Float,
        PaddleVarType.Float16 => (int)TensorProto.Types.DataType.Float16,
        PaddleVarType.Float64 => (int)TensorProto.Types.DataType.Double,
        PaddleVarType.BFloat16 => (int)TensorProto.Types.DataType.Bfloat16,
        PaddleVarType.Int64 => (int)TensorProto.Types.DataType.Int64,
        PaddleVarType.Int32 => (int)TensorProto.Types.DataType.Int32,
        PaddleVarType.Int16 => (int)TensorProto.Types.DataType.Int16,
        PaddleVarType.Int8 => (int)TensorProto.Types.DataType.Int8,
        PaddleVarType.UInt8 => (int)TensorProto.Types.DataType.Uint8,
        PaddleVarType.Bool => (int)TensorProto.Types.DataType.Bool,
        _ => throw new PaddleModelFormatException($"{what}: element type {type} has no ONNX equivalent.", file),
    };

    private static ValueInfoProto ValueInfo(string name, PaddleVarType type, IReadOnlyList<long> dims, string dimPrefix)
    {
        var shape = new TensorShapeProto();
        for (var i = 0; i < dims.Count; i++)
        {
            shape.Dim.Add(dims[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = dims[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = $"{dimPrefix}_d{i}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxType(type, name, name), Shape = shape } },
        };
    }

    /// <summary>The error for an op the converter cannot express, naming the op, its position and the file.</summary>
    internal static PaddleModelFormatException Unsupported(PaddleProgram program, PaddleOp op, string why) =>
        new($"'{program.FilePath}': {op} cannot be converted to ONNX: {why}.", program.FilePath);
}

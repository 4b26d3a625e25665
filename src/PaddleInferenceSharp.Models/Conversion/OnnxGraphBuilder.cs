using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Accumulates an ONNX graph: nodes, initializers and the constants the converter knows the value of (so that
/// Paddle's tensor-valued attributes, such as a reshape's shape from <c>full_int_array</c>, fold into attributes).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public GraphProto Graph { get; } = new() { Name = "paddle" };

    /// <summary>Integer tensors whose values are known at conversion time.</summary>
    public Dictionary<string, long[]> IntConstants { get; } = new(StringComparer.Ordinal);

    /// <summary>Floating-point tensors whose values are known at conversion time.</summary>
    public Dictionary<string, double[]> FloatConstants { get; } = new(StringComparer.Ordinal);

    /// <summary>PIR vector values (<c>builtin.combine</c> results) and their elements.</summary>
    public Dictionary<string, IReadOnlyList<string>> Vectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Ranks of values whose rank the converter computed or read from the program.</summary>
    public Dictionary<string, int> Ranks { get; } = new(StringComparer.Ordinal);

    public int NodeCount => Graph.Node.Count;

    public string Fresh(string hint)
    {
        string name;
        do
        {
            name = $"{hint}__{_counter++}";
        }
        while (!_names.Add(name));

        return name;
    }

    /// <summary>Adds a node with one output; returns the output name (a fresh one when <paramref name="output"/> is null).</summary>
    public string Add(string opType, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        output ??= Fresh(opType);
        _names.Add(output);
        var node = new NodeProto { OpType = opType, Name = Fresh("n_" + opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>The parameter initializers by name (their raw data is the <c>.pdiparams</c> payload).</summary>
    public Dictionary<string, TensorProto> Parameters { get; } = new(StringComparer.Ordinal);

    public void Initializer(string name, int dataType, IReadOnlyList<long> dims, ByteString raw)
    {
        _names.Add(name);
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = raw };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        Parameters[name] = tensor;
    }

    /// <summary>An int64 constant; <paramref name="scalar"/> gives a 0-d tensor.</summary>
    public string Int64s(long[] values, bool scalar = false, string? name = null, IReadOnlyList<long>? dims = null)
    {
        name ??= Fresh("const_i64");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        if (dims is not null)
        {
            tensor.Dims.AddRange(dims);
        }
        else if (!scalar)
        {
            tensor.Dims.Add(values.Length);
        }

        tensor.Int64Data.AddRange(values);
        _names.Add(name);
        Graph.Initializer.Add(tensor);
        IntConstants[name] = values;
        Ranks[name] = dims?.Count ?? (scalar ? 0 : 1);
        return name;
    }

    /// <summary>A float32 constant of the given shape.</summary>
    public string Floats(float[] values, IReadOnlyList<long> dims, string? name = null)
    {
        name ??= Fresh("const_f32");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        _names.Add(name);
        Graph.Initializer.Add(tensor);
        FloatConstants[name] = Array.ConvertAll(values, v => (double)v);
        Ranks[name] = dims.Count;
        return name;
    }

    public string Float(float value) => Floats([value], []);

    /// <summary>The value of a constant tensor (int or float), or null when it is computed at run time.</summary>
    public double[]? ConstantValue(string name) =>
        IntConstants.TryGetValue(name, out var i) ? Array.ConvertAll(i, x => (double)x) : FloatConstants.TryGetValue(name, out var f) ? f : null;

    public static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attr(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attr(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attr(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Attr(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };
}

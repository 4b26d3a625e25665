using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// What the rewrite passes of <see cref="OnnxGraphOptimizer"/> look up in a graph: its float32 and int64 constants, the
/// producer and consumers of every value, and the values pinned by graph outputs or sub-graphs. Rebuilt between passes.
/// </summary>
internal sealed class OnnxGraphIndex(GraphProto graph, long opset)
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private readonly Dictionary<string, NodeProto> _producer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pinned = new(StringComparer.Ordinal);
    // Protobuf messages compare and hash by value (a Constant node by its whole tensor): nodes are tracked by reference.
    private readonly HashSet<NodeProto> _removed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TensorProto, object?> _decoded = new(ReferenceEqualityComparer.Instance);
    private int _fresh;

    public GraphProto Graph => graph;

    public long Opset => opset;

    /// <summary>The float32 constants by value name.</summary>
    public Dictionary<string, FloatConstant> Floats { get; } = new(StringComparer.Ordinal);

    /// <summary>The int64 constants by value name.</summary>
    public Dictionary<string, long[]> Ints { get; } = new(StringComparer.Ordinal);

    /// <summary>Values that must keep their name: graph outputs and values read inside sub-graphs.</summary>
    public IReadOnlySet<string> Pinned => _pinned;

    /// <summary>Marks a node for removal at the next <see cref="Rebuild"/>.</summary>
    public void Remove(NodeProto node) => _removed.Add(node);

    public bool IsRemoved(NodeProto node) => _removed.Contains(node);

    public bool TryGetConsumers(string value, [MaybeNullWhen(false)] out List<NodeProto> users) => _consumers.TryGetValue(value, out users);

    /// <summary>Drops the nodes marked for removal and indexes the graph afresh.</summary>
    public void Rebuild()
    {
        if (_removed.Count > 0)
        {
            var kept = graph.Node.Where(n => !_removed.Contains(n)).ToList();
            graph.Node.Clear();
            graph.Node.AddRange(kept);
            _removed.Clear();
        }

        Floats.Clear();
        Ints.Clear();
        _producer.Clear();
        _consumers.Clear();
        _pinned.Clear();
        foreach (var output in graph.Output)
        {
            _pinned.Add(output.Name);
        }

        foreach (var t in graph.Initializer)
        {
            AddConstant(t.Name, t);
        }

        // A graph input with the name of an initializer can be overridden by the caller: not a constant.
        foreach (var input in graph.Input)
        {
            Floats.Remove(input.Name);
            Ints.Remove(input.Name);
        }

        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                _producer[output] = node;
            }

            foreach (var input in node.Input)
            {
                if (input.Length == 0)
                {
                    continue;
                }

                if (!_consumers.TryGetValue(input, out var list))
                {
                    _consumers[input] = list = [];
                }

                list.Add(node);
            }

            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    PinSubgraph(attribute.G);
                }

                foreach (var g in attribute.Graphs)
                {
                    PinSubgraph(g);
                }
            }

            if (node.OpType == "Constant" && node.Domain.Length == 0 && node.Output.Count == 1)
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
                if (value is not null)
                {
                    AddConstant(node.Output[0], value);
                }
                else if (node.Attribute.FirstOrDefault(a => a.Name == "value_float") is { } f)
                {
                    Floats[node.Output[0]] = new FloatConstant([], [f.F]);
                }
            }
        }
    }

    private void PinSubgraph(GraphProto sub)
    {
        foreach (var node in sub.Node)
        {
            _pinned.UnionWith(node.Input);
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    PinSubgraph(attribute.G);
                }

                foreach (var g in attribute.Graphs)
                {
                    PinSubgraph(g);
                }
            }
        }

        _pinned.UnionWith(sub.Output.Select(o => o.Name));
    }

    private void AddConstant(string name, TensorProto t)
    {
        // Tensors stored outside the model (external data) hold no values here and are left alone.
        // Decoded once per tensor: the graph is re-indexed after every pass.
        if (!_decoded.TryGetValue(t, out var decoded))
        {
            var count = t.Dims.Aggregate(1L, (a, d) => a * d);
            if (t.DataType == FloatType)
            {
                var values = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();
                decoded = values.Length == count ? new FloatConstant(t.Dims.ToArray(), values) : null;
            }
            else if (t.DataType == (int)TensorProto.Types.DataType.Int64)
            {
                var values = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray();
                decoded = values.Length == count ? values : null;
            }

            _decoded[t] = decoded;
        }

        if (decoded is FloatConstant constant)
        {
            Floats[name] = constant;
        }
        else if (decoded is long[] ints)
        {
            Ints[name] = ints;
        }
    }

    /// <summary>
    /// For a live binary node of one of the ops with exactly one constant operand, the index of that operand (0 or 1;
    /// for Sub only 1, as c − x is not x shifted); else −1.
    /// </summary>
    public int ConstantOperand(NodeProto node, params string[] ops)
    {
        if (_removed.Contains(node) || node.Input.Count != 2 || node.Output.Count != 1 || !ops.Any(op => IsOp(node, op)))
        {
            return -1;
        }

        var side = Floats.ContainsKey(node.Input[1]) ? 1 : !IsOp(node, "Sub") && Floats.ContainsKey(node.Input[0]) ? 0 : -1;
        return side >= 0 && !Floats.ContainsKey(node.Input[1 - side]) ? side : -1;
    }

    public static bool IsOp(NodeProto node, string op) => node.OpType == op && (node.Domain.Length == 0 || node.Domain == "ai.onnx");

    public bool IsScalar(string name, float value) =>
        Floats.TryGetValue(name, out var c) && c.Values.Length == 1 && c.Dims.Length <= 1 && c.Values[0] == value;

    public bool TrySingleUseProducer(string value, string op, out NodeProto node)
    {
        node = null!;
        return !_pinned.Contains(value) && _consumers.TryGetValue(value, out var users) && users.Count == 1 &&
            _producer.TryGetValue(value, out node!) && IsOp(node, op) && node.Output.Count == 1 && !_removed.Contains(node);
    }

    /// <summary>Points every consumer of <paramref name="from"/> at <paramref name="to"/>.</summary>
    public void Rewire(string from, string to)
    {
        foreach (var user in _consumers.GetValueOrDefault(from) ?? [])
        {
            for (var i = 0; i < user.Input.Count; i++)
            {
                if (user.Input[i] == from)
                {
                    user.Input[i] = to;
                }
            }
        }

        if (_consumers.Remove(from, out var moved))
        {
            if (!_consumers.TryGetValue(to, out var list))
            {
                _consumers[to] = list = [];
            }

            list.AddRange(moved);
        }
    }

    /// <summary>A value name from <paramref name="hint"/> that the graph does not use yet.</summary>
    public string Fresh(string hint)
    {
        string name;
        do
        {
            name = $"{hint}_opt{_fresh++}";
        }
        while (_producer.ContainsKey(name) || Floats.ContainsKey(name) || _consumers.ContainsKey(name));

        return name;
    }

    /// <summary>The position of a node in the graph, found by reference.</summary>
    public int IndexOf(NodeProto node)
    {
        for (var i = 0; i < graph.Node.Count; i++)
        {
            if (ReferenceEquals(graph.Node[i], node))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Node '{node.Name}' ({node.OpType}) is not in the graph.");
    }

    public static NodeProto Node(string op, IEnumerable<string> inputs, string output, string name)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    /// <summary>A float32 initializer tensor (not yet added to the graph), known as decoded at the next <see cref="Rebuild"/>.</summary>
    public TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.AddRange(dims);
        _decoded[t] = new FloatConstant(dims, values);
        return t;
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>What <see cref="OnnxGraphOptimizer.Optimize(ReadOnlySpan{byte}, string)"/> did.</summary>
/// <param name="OnnxModel">The rewritten, serialized ModelProto (the input bytes when nothing was rewritten).</param>
/// <param name="NodesBefore">Nodes of the main graph before, Constant nodes included.</param>
/// <param name="NodesAfter">Nodes after.</param>
/// <param name="HardSwishFused">Decomposed hard-swish chains (<c>x·clip(x+3, 0, 6)/6</c>) replaced by one activation.</param>
/// <param name="AffinesFolded">Per-channel Mul/Add/Sub nodes folded into the weights and bias of a neighbouring Conv, or dropped as no-ops.</param>
/// <param name="Elapsed">Wall time of parsing, rewriting and serializing.</param>
public sealed record OnnxGraphOptimization(byte[] OnnxModel, int NodesBefore, int NodesAfter, int HardSwishFused, int AffinesFolded, TimeSpan Elapsed)
{
    /// <summary>Whether anything was rewritten.</summary>
    public bool Changed => HardSwishFused + AffinesFolded > 0;
}

/// <summary>
/// Rewrites an ONNX graph into one that computes the same function with fewer, larger kernels: the per-channel scale
/// and shift that Paddle exports around convolutions (PP-LCNetV3's learnable affine blocks, biases added as separate
/// nodes, <c>x·s + b</c> after an activation) are folded into the Conv weights and bias, and decomposed hard-swish
/// chains become one activation node.
/// </summary>
/// <remarks>
/// <para>Every rewrite is exact in real arithmetic; in float the results differ from the original graph by rounding
/// only (a few units in the last place per folded op). A shift is folded into a following Conv only when that Conv
/// has no padding (padding adds zeros, not the shift); before a padded Conv only the scale is folded and the shift stays.</para>
/// <para>Only float32 tensors held in the model (initializers or Constant nodes) are folded; graphs with sub-graphs
/// are left as they are wherever a value is used inside a sub-graph.</para>
/// </remarks>
public static class OnnxGraphOptimizer
{
    /// <summary>Parses, rewrites and serializes a model.</summary>
    /// <param name="model">A serialized ONNX ModelProto.</param>
    /// <param name="displayName">The model's file or name, for messages.</param>
    /// <exception cref="PaddleModelFormatException">The bytes are not an ONNX model.</exception>
    public static OnnxGraphOptimization Optimize(ReadOnlySpan<byte> model, string displayName = "(ONNX model)")
    {
        var started = Stopwatch.GetTimestamp();
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PaddleModelFormatException($"'{displayName}' is not an ONNX model: {e.Message}", displayName, null, e);
        }

        if (proto.Graph is null)
        {
            throw new PaddleModelFormatException($"The ONNX model '{displayName}' has no graph.", displayName);
        }

        var opset = proto.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        var before = proto.Graph.Node.Count;
        var (hardSwish, affines) = Apply(proto.Graph, opset);
        var bytes = hardSwish + affines > 0 ? proto.ToByteArray() : model.ToArray();
        return new OnnxGraphOptimization(bytes, before, proto.Graph.Node.Count, hardSwish, affines, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Rewrites a graph in place; returns the hard-swish chains fused and the affine nodes folded.</summary>
    internal static (int HardSwish, int Affines) Apply(GraphProto graph, long opset)
    {
        var rewriter = new Rewriter(graph, opset);
        var hardSwish = 0;
        var affines = 0;
        for (var round = 0; round < 64; round++)
        {
            rewriter.Index();
            var h = rewriter.FuseHardSwish();
            var a = rewriter.FoldConstantUnsqueeze();
            a += rewriter.DropZeroShifts();
            rewriter.Index();
            a += rewriter.FoldIntoConvOutput();
            rewriter.Index();
            a += rewriter.FoldShiftIntoUnpaddedConv();
            rewriter.Index();
            a += rewriter.FoldScaleIntoConvInput();
            rewriter.Index();
            a += rewriter.MoveScaleBehindShift();
            hardSwish += h;
            affines += a;
            if (h + a == 0)
            {
                break;
            }
        }

        rewriter.Index();
        affines += rewriter.ShiftsToDepthwiseConv();
        rewriter.RemoveDeadNodes();
        return (hardSwish, affines);
    }

    /// <summary>A float32 constant: dims and values.</summary>
    private sealed record Constant(long[] Dims, float[] Values);

    private sealed class Rewriter(GraphProto graph, long opset)
    {
        private const int FloatType = (int)TensorProto.Types.DataType.Float;
        private readonly Dictionary<string, Constant> _floats = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long[]> _ints = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeProto> _producer = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _pinned = new(StringComparer.Ordinal);
        // Protobuf messages compare and hash by value (a Constant node by its whole tensor): nodes are tracked by reference.
        private readonly HashSet<NodeProto> _removed = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<TensorProto, object?> _decoded = new(ReferenceEqualityComparer.Instance);
        private int _fresh;

        public void Index()
        {
            if (_removed.Count > 0)
            {
                var kept = graph.Node.Where(n => !_removed.Contains(n)).ToList();
                graph.Node.Clear();
                graph.Node.AddRange(kept);
                _removed.Clear();
            }

            _floats.Clear();
            _ints.Clear();
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
                _floats.Remove(input.Name);
                _ints.Remove(input.Name);
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
                        _floats[node.Output[0]] = new Constant([], [f.F]);
                    }
                }
            }
        }

        /// <summary><c>Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)</c> → <c>HardSwish(x)</c> (opset 14+) or <c>Mul(x, HardSigmoid(x))</c>.</summary>
        public int FuseHardSwish()
        {
            var fused = 0;
            foreach (var div in graph.Node.ToList())
            {
                if (!IsOp(div, "Div") || div.Input.Count != 2 || !IsScalar(div.Input[1], 6f) ||
                    !TrySingleUseProducer(div.Input[0], "Mul", out var mul) || mul.Input.Count != 2)
                {
                    continue;
                }

                for (var side = 0; side < 2; side++)
                {
                    var x = mul.Input[side];
                    if (!TrySingleUseProducer(mul.Input[1 - side], "Clip", out var clip) || !IsClip06(clip) ||
                        !TrySingleUseProducer(clip.Input[0], "Add", out var add) || add.Input.Count != 2 ||
                        !((add.Input[0] == x && IsScalar(add.Input[1], 3f)) || (add.Input[1] == x && IsScalar(add.Input[0], 3f))))
                    {
                        continue;
                    }

                    _removed.Add(add);
                    _removed.Add(clip);
                    _removed.Add(mul);
                    var at = IndexOf(div);
                    if (opset >= 14)
                    {
                        graph.Node[at] = Node("HardSwish", [x], div.Output[0], div.Name);
                    }
                    else
                    {
                        var gate = Fresh(div.Output[0] + "_hsig");
                        var hardSigmoid = Node("HardSigmoid", [x], gate, div.Name + "_hsig");
                        hardSigmoid.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1f / 6f });
                        hardSigmoid.Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
                        graph.Node[at] = Node("Mul", [x, gate], div.Output[0], div.Name);
                        graph.Node.Insert(at, hardSigmoid);
                    }

                    fused++;
                    break;
                }
            }

            return fused;
        }

        /// <summary><c>Unsqueeze(constant)</c> → a constant of the new shape (Paddle's broadcast biases).</summary>
        public int FoldConstantUnsqueeze()
        {
            var folded = 0;
            foreach (var node in graph.Node)
            {
                if (!IsOp(node, "Unsqueeze") || node.Output.Count != 1 || !_floats.TryGetValue(node.Input[0], out var data))
                {
                    continue;
                }

                long[]? axes = null;
                if (node.Input.Count > 1)
                {
                    _ints.TryGetValue(node.Input[1], out axes);
                }
                else if (node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } attr)
                {
                    axes = attr.Ints.ToArray();
                }

                if (axes is null)
                {
                    continue;
                }

                var rank = data.Dims.Length + axes.Length;
                var normalized = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
                if (normalized.Count != axes.Length || normalized.Any(a => a < 0 || a >= rank))
                {
                    continue;
                }

                var dims = new long[rank];
                for (int i = 0, j = 0; i < rank; i++)
                {
                    dims[i] = normalized.Contains(i) ? 1 : data.Dims[j++];
                }

                graph.Initializer.Add(FloatTensor(node.Output[0], dims, data.Values));
                _floats[node.Output[0]] = new Constant(dims, data.Values);
                _removed.Add(node);
                folded++;
            }

            return folded;
        }

        /// <summary><c>Add(x, 0)</c>, <c>Sub(x, 0)</c> and <c>Mul(x, 1)</c> in front of Convs → x.</summary>
        public int DropZeroShifts()
        {
            var dropped = 0;
            foreach (var node in graph.Node)
            {
                var constSide = ConstantOperand(node, "Add", "Sub", "Mul");
                if (constSide < 0 || _pinned.Contains(node.Output[0]))
                {
                    continue;
                }

                var identity = IsOp(node, "Mul") ? 1f : 0f;

                // Only before Convs, where x has the channels the constant broadcasts over, so x's shape is the output's.
                var c = _floats[node.Input[constSide]];
                if (c.Values.Any(v => v != identity) || !TryConvConsumers(node, out var convs) ||
                    !convs.All(conv => TryConv(conv, out var w, out _) && TryChannelVector(c, (int)w.Dims[1] * Group(conv), w.Dims.Length, out _)))
                {
                    continue;
                }

                Rewire(node.Output[0], node.Input[1 - constSide]);
                _removed.Add(node);
                dropped++;
            }

            return dropped;
        }

        /// <summary><c>Conv → Mul/Add/Sub(per-output-channel constant)</c> → one Conv with scaled weights and shifted bias.</summary>
        public int FoldIntoConvOutput()
        {
            var folded = 0;
            foreach (var node in graph.Node.ToList())
            {
                if (_removed.Contains(node) || node.Input.Count != 2 || node.Output.Count != 1 ||
                    !(IsOp(node, "Mul") || IsOp(node, "Add") || IsOp(node, "Sub")))
                {
                    continue;
                }

                for (var side = 0; side < 2; side++)
                {
                    if (IsOp(node, "Sub") && side == 1)
                    {
                        break;
                    }

                    var convOut = node.Input[side];
                    if (!TrySingleUseProducer(convOut, "Conv", out var conv) || _removed.Contains(conv) || !TryConv(conv, out var w, out var bias) ||
                        !_floats.TryGetValue(node.Input[1 - side], out var c) || !TryChannelVector(c, (int)w.Dims[0], w.Dims.Length, out var perChannel))
                    {
                        continue;
                    }

                    var outChannels = (int)w.Dims[0];
                    var perOut = w.Values.Length / outChannels;
                    float[] newW = w.Values;
                    var newB = bias?.Values.ToArray() ?? new float[outChannels];
                    if (IsOp(node, "Mul"))
                    {
                        newW = new float[w.Values.Length];
                        for (var o = 0; o < outChannels; o++)
                        {
                            for (var k = 0; k < perOut; k++)
                            {
                                newW[o * perOut + k] = w.Values[o * perOut + k] * perChannel[o];
                            }

                            newB[o] *= perChannel[o];
                        }
                    }
                    else
                    {
                        var sign = IsOp(node, "Sub") ? -1f : 1f;
                        for (var o = 0; o < outChannels; o++)
                        {
                            newB[o] += sign * perChannel[o];
                        }
                    }

                    SetConvWeights(conv, w.Dims, newW, bias is null && IsOp(node, "Mul") ? null : newB);
                    conv.Output[0] = node.Output[0];
                    _removed.Add(node);
                    folded++;
                    break;
                }
            }

            return folded;
        }

        /// <summary><c>Add/Sub(x, per-channel constant) → Conv without padding</c> → the Conv's bias absorbs the shift.</summary>
        public int FoldShiftIntoUnpaddedConv()
        {
            var folded = 0;
            foreach (var node in graph.Node.ToList())
            {
                var constSide = ConstantOperand(node, "Add", "Sub");
                if (constSide < 0 || !TryConvConsumers(node, out var convs) || convs.Any(c => !HasNoPadding(c)))
                {
                    continue;
                }

                var c = _floats[node.Input[constSide]];
                var sign = IsOp(node, "Sub") ? -1f : 1f;
                var ok = true;
                var updates = new List<(NodeProto Conv, Constant W, float[] Bias)>();
                foreach (var conv in convs)
                {
                    TryConv(conv, out var w, out var bias);
                    var group = Group(conv);
                    var inPerGroup = (int)w.Dims[1];
                    if (!TryChannelVector(c, inPerGroup * group, w.Dims.Length, out var shift))
                    {
                        ok = false;
                        break;
                    }

                    var outChannels = (int)w.Dims[0];
                    var outPerGroup = outChannels / group;
                    var kernel = w.Values.Length / (outChannels * inPerGroup);
                    var newB = bias?.Values.ToArray() ?? new float[outChannels];
                    for (var o = 0; o < outChannels; o++)
                    {
                        var g = o / outPerGroup;
                        double sum = 0;
                        for (var i = 0; i < inPerGroup; i++)
                        {
                            double s = shift[g * inPerGroup + i];
                            for (var k = 0; k < kernel; k++)
                            {
                                sum += w.Values[(o * inPerGroup + i) * kernel + k] * s;
                            }
                        }

                        newB[o] = (float)(newB[o] + sign * sum);
                    }

                    updates.Add((conv, w, newB));
                }

                if (!ok)
                {
                    continue;
                }

                foreach (var (conv, w, newB) in updates)
                {
                    SetConvWeights(conv, w.Dims, w.Values, newB);
                }

                Rewire(node.Output[0], node.Input[1 - constSide]);
                _removed.Add(node);
                folded++;
            }

            return folded;
        }

        /// <summary><c>Mul(x, per-channel constant) → Conv(s)</c> → the Convs' input-channel weights absorb the scale (exact with zero padding).</summary>
        public int FoldScaleIntoConvInput()
        {
            var folded = 0;
            foreach (var node in graph.Node.ToList())
            {
                var constSide = ConstantOperand(node, "Mul");
                if (constSide < 0 || !TryConvConsumers(node, out var convs))
                {
                    continue;
                }

                var c = _floats[node.Input[constSide]];
                var updates = new List<(NodeProto Conv, Constant W, Constant? Bias, float[] NewW)>();
                foreach (var conv in convs)
                {
                    TryConv(conv, out var w, out var bias);
                    var group = Group(conv);
                    var inPerGroup = (int)w.Dims[1];
                    if (!TryChannelVector(c, inPerGroup * group, w.Dims.Length, out var scale))
                    {
                        break;
                    }

                    var outChannels = (int)w.Dims[0];
                    var outPerGroup = outChannels / group;
                    var kernel = w.Values.Length / (outChannels * inPerGroup);
                    var newW = new float[w.Values.Length];
                    for (var o = 0; o < outChannels; o++)
                    {
                        var g = o / outPerGroup;
                        for (var i = 0; i < inPerGroup; i++)
                        {
                            var s = scale[g * inPerGroup + i];
                            for (var k = 0; k < kernel; k++)
                            {
                                var at = (o * inPerGroup + i) * kernel + k;
                                newW[at] = w.Values[at] * s;
                            }
                        }
                    }

                    updates.Add((conv, w, bias, newW));
                }

                if (updates.Count != convs.Count)
                {
                    continue;
                }

                foreach (var (conv, w, bias, newW) in updates)
                {
                    SetConvWeights(conv, w.Dims, newW, bias?.Values);
                }

                Rewire(node.Output[0], node.Input[1 - constSide]);
                _removed.Add(node);
                folded++;
            }

            return folded;
        }

        /// <summary>
        /// <c>Add(Mul(x, s), b) → padded Conv(s)</c> → <c>Mul(Add(x, b/s), s)</c>, so that the scale can then be folded
        /// into the Conv weights (a shift cannot, because of the padding).
        /// </summary>
        public int MoveScaleBehindShift()
        {
            var moved = 0;
            foreach (var add in graph.Node.ToList())
            {
                var shiftSide = ConstantOperand(add, "Add");
                if (shiftSide < 0 || !TrySingleUseProducer(add.Input[1 - shiftSide], "Mul", out var mul) || !TryConvConsumers(add, out var convs))
                {
                    continue;
                }

                var scaleSide = ConstantOperand(mul, "Mul");
                if (scaleSide < 0)
                {
                    continue;
                }

                TryConv(convs[0], out var w, out _);
                var channels = (int)w.Dims[1] * Group(convs[0]);
                if (!TryChannelVector(_floats[mul.Input[scaleSide]], channels, w.Dims.Length, out var scale) ||
                    !TryChannelVector(_floats[add.Input[shiftSide]], channels, w.Dims.Length, out var shift) ||
                    scale.Any(s => s == 0 || !float.IsFinite(s)))
                {
                    continue;
                }

                var divided = new float[channels];
                for (var i = 0; i < channels; i++)
                {
                    divided[i] = (float)(shift[i] / (double)scale[i]);
                    if (!float.IsFinite(divided[i]))
                    {
                        divided = [];
                        break;
                    }
                }

                if (divided.Length == 0)
                {
                    continue;
                }

                var dims = ChannelDims(channels, w.Dims.Length);
                var shiftName = Fresh(add.Output[0] + "_shift");
                var scaleName = Fresh(add.Output[0] + "_scale");
                graph.Initializer.Add(FloatTensor(shiftName, dims, divided));
                graph.Initializer.Add(FloatTensor(scaleName, dims, scale));
                var shifted = Fresh(add.Output[0] + "_shifted");
                graph.Node[IndexOf(mul)] = Node("Add", [mul.Input[1 - scaleSide], shiftName], shifted, mul.Name);
                graph.Node[IndexOf(add)] = Node("Mul", [shifted, scaleName], add.Output[0], add.Name);
                moved++;
            }

            return moved;
        }

        /// <summary>
        /// <c>Add(x, per-channel constant) → padded 2-D Conv(s)</c>, the shifts left after folding, → a 1×1 depthwise
        /// Conv with weight 1 and the shift as bias: the same sums (1·x + b = x + b exactly), but a node that stays in
        /// ONNX Runtime's blocked (NCHWc) layout, so no layout conversions are needed around it.
        /// </summary>
        public int ShiftsToDepthwiseConv()
        {
            var replaced = 0;
            foreach (var add in graph.Node.ToList())
            {
                var constSide = ConstantOperand(add, "Add");
                if (constSide < 0 || !TryConvConsumers(add, out var convs))
                {
                    continue;
                }

                TryConv(convs[0], out var w, out _);
                var channels = (int)w.Dims[1] * Group(convs[0]);
                if (w.Dims.Length != 4 || !TryChannelVector(_floats[add.Input[constSide]], channels, 4, out var shift) ||
                    convs.Any(c => !TryConv(c, out var cw, out _) || cw.Dims.Length != 4 || (int)cw.Dims[1] * Group(c) != channels))
                {
                    continue;
                }

                var weightName = Fresh(add.Output[0] + "_one");
                var biasName = Fresh(add.Output[0] + "_shift");
                var ones = new float[channels];
                Array.Fill(ones, 1f);
                graph.Initializer.Add(FloatTensor(weightName, [channels, 1, 1, 1], ones));
                graph.Initializer.Add(FloatTensor(biasName, [channels], shift.ToArray()));
                var conv = Node("Conv", [add.Input[1 - constSide], weightName, biasName], add.Output[0], add.Name);
                conv.Attribute.Add(new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = channels });
                var kernel = new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints };
                kernel.Ints.Add([1, 1]);
                conv.Attribute.Add(kernel);
                graph.Node[IndexOf(add)] = conv;
                replaced++;
            }

            return replaced;
        }

        public void RemoveDeadNodes()
        {
            Index();
            var used = new HashSet<string>(_pinned, StringComparer.Ordinal);
            bool changed;
            do
            {
                changed = false;
                used.Clear();
                used.UnionWith(_pinned);
                foreach (var node in graph.Node)
                {
                    used.UnionWith(node.Input);
                }

                var kept = graph.Node.Where(n => n.Output.Any(used.Contains) || n.Output.Count == 0 || n.Domain.Length > 0 && n.Domain != "ai.onnx").ToList();
                if (kept.Count != graph.Node.Count)
                {
                    graph.Node.Clear();
                    graph.Node.AddRange(kept);
                    changed = true;
                }
            }
            while (changed);

            var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            var live = graph.Initializer.Where(t => used.Contains(t.Name) || inputs.Contains(t.Name)).ToList();
            if (live.Count != graph.Initializer.Count)
            {
                graph.Initializer.Clear();
                graph.Initializer.AddRange(live);
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
                    decoded = values.Length == count ? new Constant(t.Dims.ToArray(), values) : null;
                }
                else if (t.DataType == (int)TensorProto.Types.DataType.Int64)
                {
                    var values = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(t.RawData.Span).ToArray() : t.Int64Data.ToArray();
                    decoded = values.Length == count ? values : null;
                }

                _decoded[t] = decoded;
            }

            if (decoded is Constant constant)
            {
                _floats[name] = constant;
            }
            else if (decoded is long[] ints)
            {
                _ints[name] = ints;
            }
        }

        /// <summary>
        /// For a live binary node of one of the ops with exactly one constant operand, the index of that operand (0 or 1;
        /// for Sub only 1, as c − x is not x shifted); else −1.
        /// </summary>
        private int ConstantOperand(NodeProto node, params string[] ops)
        {
            if (_removed.Contains(node) || node.Input.Count != 2 || node.Output.Count != 1 || !ops.Any(op => IsOp(node, op)))
            {
                return -1;
            }

            var side = _floats.ContainsKey(node.Input[1]) ? 1 : !IsOp(node, "Sub") && _floats.ContainsKey(node.Input[0]) ? 0 : -1;
            return side >= 0 && !_floats.ContainsKey(node.Input[1 - side]) ? side : -1;
        }

        private static bool IsOp(NodeProto node, string op) => node.OpType == op && (node.Domain.Length == 0 || node.Domain == "ai.onnx");

        private bool IsScalar(string name, float value) =>
            _floats.TryGetValue(name, out var c) && c.Values.Length == 1 && c.Dims.Length <= 1 && c.Values[0] == value;

        private bool IsClip06(NodeProto clip)
        {
            if (clip.Output.Count != 1)
            {
                return false;
            }

            if (clip.Input.Count == 1)
            {
                var min = clip.Attribute.FirstOrDefault(a => a.Name == "min")?.F;
                var max = clip.Attribute.FirstOrDefault(a => a.Name == "max")?.F;
                return min == 0f && max == 6f;
            }

            return clip.Input.Count == 3 && IsScalar(clip.Input[1], 0f) && IsScalar(clip.Input[2], 6f);
        }

        private bool TrySingleUseProducer(string value, string op, out NodeProto node)
        {
            node = null!;
            return !_pinned.Contains(value) && _consumers.TryGetValue(value, out var users) && users.Count == 1 &&
                _producer.TryGetValue(value, out node!) && IsOp(node, op) && node.Output.Count == 1 && !_removed.Contains(node);
        }

        /// <summary>All consumers of the node's output are Convs with constant weights, and the output is not a graph output.</summary>
        private bool TryConvConsumers(NodeProto node, out List<NodeProto> convs)
        {
            convs = [];
            if (_pinned.Contains(node.Output[0]) || !_consumers.TryGetValue(node.Output[0], out var users) || users.Count == 0)
            {
                return false;
            }

            foreach (var user in users)
            {
                if (!IsOp(user, "Conv") || _removed.Contains(user) || user.Input[0] != node.Output[0] || user.Input.Skip(1).Contains(node.Output[0]) ||
                    !TryConv(user, out _, out _) || convs.Any(c => ReferenceEquals(c, user)))
                {
                    return false;
                }

                convs.Add(user);
            }

            return true;
        }

        private bool TryConv(NodeProto conv, out Constant w, out Constant? bias)
        {
            bias = null;
            if (!_floats.TryGetValue(conv.Input.Count > 1 ? conv.Input[1] : "", out w!) || w.Dims.Length < 3 || w.Dims[0] <= 0 || w.Dims[1] <= 0 ||
                conv.Output.Count != 1)
            {
                return false;
            }

            var group = Group(conv);
            if (group <= 0 || w.Dims[0] % group != 0)
            {
                return false;
            }

            if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
            {
                if (!_floats.TryGetValue(conv.Input[2], out bias) || bias.Values.Length != w.Dims[0])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Group(NodeProto conv) => (int)(conv.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1);

        private static bool HasNoPadding(NodeProto conv)
        {
            var autoPad = conv.Attribute.FirstOrDefault(a => a.Name == "auto_pad")?.S.ToStringUtf8() ?? "NOTSET";
            if (autoPad is not ("NOTSET" or "VALID"))
            {
                return false;
            }

            var pads = conv.Attribute.FirstOrDefault(a => a.Name == "pads");
            return autoPad == "VALID" || pads is null || pads.Ints.All(p => p == 0);
        }

        /// <summary>
        /// A constant that broadcasts as one value per channel of an NC... tensor of the given rank: a scalar, or shape
        /// [1, C, 1, ...] / [C, 1, ...] right-aligned to that rank.
        /// </summary>
        private static bool TryChannelVector(Constant c, int channels, int rank, out float[] perChannel)
        {
            perChannel = [];
            if (c.Dims.Length > rank)
            {
                return false;
            }

            if (c.Values.Length == 1 && c.Dims.All(d => d == 1))
            {
                perChannel = Enumerable.Repeat(c.Values[0], channels).ToArray();
                return true;
            }

            var aligned = new long[rank];
            Array.Fill(aligned, 1L);
            Array.Copy(c.Dims, 0, aligned, rank - c.Dims.Length, c.Dims.Length);
            for (var i = 0; i < rank; i++)
            {
                if (i != 1 && aligned[i] != 1)
                {
                    return false;
                }
            }

            if (aligned[1] != channels || c.Values.Length != channels)
            {
                return false;
            }

            perChannel = c.Values;
            return true;
        }

        private static long[] ChannelDims(int channels, int rank)
        {
            var dims = new long[rank - 1];
            Array.Fill(dims, 1L);
            dims[0] = channels;
            return dims;
        }

        private void SetConvWeights(NodeProto conv, long[] dims, float[] weights, float[]? bias)
        {
            var wName = Fresh(conv.Output[0] + "_w");
            graph.Initializer.Add(FloatTensor(wName, dims, weights));
            conv.Input[1] = wName;
            _floats[wName] = new Constant(dims, weights);
            if (bias is null)
            {
                return;
            }

            var bName = Fresh(conv.Output[0] + "_b");
            graph.Initializer.Add(FloatTensor(bName, [dims[0]], bias));
            _floats[bName] = new Constant([dims[0]], bias);
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = bName;
            }
            else
            {
                conv.Input.Add(bName);
            }
        }

        private void Rewire(string from, string to)
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

        private string Fresh(string hint)
        {
            string name;
            do
            {
                name = $"{hint}_opt{_fresh++}";
            }
            while (_producer.ContainsKey(name) || _floats.ContainsKey(name) || _consumers.ContainsKey(name));

            return name;
        }

        private int IndexOf(NodeProto node)
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

        private static NodeProto Node(string op, IEnumerable<string> inputs, string output, string name)
        {
            var node = new NodeProto { OpType = op, Name = name };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            return node;
        }

        private TensorProto FloatTensor(string name, long[] dims, float[] values)
        {
            var t = new TensorProto { Name = name, DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
            t.Dims.AddRange(dims);
            _decoded[t] = new Constant(dims, values);
            return t;
        }
    }
}

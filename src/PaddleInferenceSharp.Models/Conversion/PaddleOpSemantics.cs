using static PaddleInferenceSharp.Models.OnnxGraphBuilder;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Paddle operator semantics written as ONNX (opset 17) node patterns, shared by the classic and PIR op
/// converters. Each method takes plain values (attributes already read from either format).
/// </summary>
internal static class PaddleOpSemantics
{
    /// <summary>Paddle paddings ([h, w] or [top, bottom, left, right]) as ONNX pads ([top, left, bottom, right]).</summary>
    public static long[] OnnxPads(long[] paddings, int spatial = 2)
    {
        if (paddings.Length == spatial)
        {
            return [.. paddings, .. paddings];
        }

        if (paddings.Length == 2 * spatial)
        {
            var pads = new long[2 * spatial];
            for (var i = 0; i < spatial; i++)
            {
                pads[i] = paddings[2 * i];
                pads[spatial + i] = paddings[2 * i + 1];
            }

            return pads;
        }

        return new long[2 * spatial];
    }

    private static List<Onnx.AttributeProto> PadAttributes(string paddingAlgorithm, long[] paddings)
    {
        var list = new List<Onnx.AttributeProto>();
        switch (paddingAlgorithm)
        {
            case "SAME":
                list.Add(Attr("auto_pad", "SAME_UPPER"));
                break;
            case "VALID":
                list.Add(Attr("pads", new long[4]));
                break;
            default:
                list.Add(Attr("pads", OnnxPads(paddings)));
                break;
        }

        return list;
    }

    public static string Conv(OnnxGraphBuilder b, string x, string w, string? bias, long[] strides, long[] paddings, long[] dilations,
        long groups, string paddingAlgorithm, string? output, bool transposed = false, long[]? outputPadding = null)
    {
        var attrs = PadAttributes(paddingAlgorithm, paddings);
        attrs.Add(Attr("strides", strides));
        attrs.Add(Attr("dilations", dilations));
        attrs.Add(Attr("group", groups));
        if (transposed && outputPadding is { Length: > 0 })
        {
            attrs.Add(Attr("output_padding", outputPadding));
        }

        var inputs = bias is null ? new[] { x, w } : [x, w, bias];
        return b.Add(transposed ? "ConvTranspose" : "Conv", inputs, output, [.. attrs]);
    }

    /// <summary>pool2d: global, adaptive (to 1x1 or an evenly dividing size) and windowed average/max pooling.</summary>
    public static string Pool(OnnxGraphBuilder b, string x, IReadOnlyList<long> inputDims, string poolingType, long[] ksize, long[] strides,
        long[] paddings, bool global, bool adaptive, bool ceilMode, bool exclusive, string paddingAlgorithm, string? output, Func<string, Exception> fail)
    {
        var isMax = poolingType == "max";
        if (global || (adaptive && ksize.All(k => k == 1)))
        {
            return b.Add(isMax ? "GlobalMaxPool" : "GlobalAveragePool", [x], output);
        }

        if (adaptive)
        {
            // Adaptive pooling equals a fixed window only when the output size divides the input size.
            if (inputDims.Count != 4 || inputDims[2] <= 0 || inputDims[3] <= 0 || inputDims[2] % ksize[0] != 0 || inputDims[3] % ksize[1] != 0)
            {
                throw fail($"adaptive {poolingType} pooling to [{string.Join(",", ksize)}] needs static input height and width divisible by it; found input [{string.Join(",", inputDims)}]");
            }

            var k = new[] { inputDims[2] / ksize[0], inputDims[3] / ksize[1] };
            return b.Add(isMax ? "MaxPool" : "AveragePool", [x], output, Attr("kernel_shape", k), Attr("strides", k));
        }

        var attrs = PadAttributes(paddingAlgorithm, paddings);
        attrs.Add(Attr("kernel_shape", ksize));
        attrs.Add(Attr("strides", strides));
        attrs.Add(Attr("ceil_mode", ceilMode ? 1L : 0L));
        if (!isMax)
        {
            attrs.Add(Attr("count_include_pad", exclusive ? 0L : 1L));
        }

        return b.Add(isMax ? "MaxPool" : "AveragePool", [x], output, [.. attrs]);
    }

    /// <summary>nearest/bilinear interpolation (Paddle interp_v2 semantics) as Resize.</summary>
    public static string Resize(OnnxGraphBuilder b, string x, string method, bool alignCorners, long alignMode, double[] scale,
        long outH, long outW, string? sizeTensor, string? output)
    {
        var linear = method is "bilinear" or "linear";
        // Paddle: nearest takes src = floor(dst * in/out) (asymmetric); bilinear with align_mode 0 uses half-pixel centres.
        var transform = alignCorners ? "align_corners" : linear && alignMode == 0 ? "half_pixel" : "asymmetric";
        var attrs = new List<Onnx.AttributeProto>
        {
            Attr("mode", linear ? "linear" : "nearest"),
            Attr("coordinate_transformation_mode", transform),
        };
        if (!linear)
        {
            attrs.Add(Attr("nearest_mode", alignCorners ? "round_prefer_ceil" : "floor"));
        }

        string scales = "", sizes = "";
        if (sizeTensor is not null)
        {
            var nc = b.Add("Slice", [b.Add("Shape", [x]), b.Int64s([0]), b.Int64s([2])]);
            sizes = b.Add("Concat", [nc, sizeTensor], null, Attr("axis", 0L));
        }
        else if (outH > 0 && outW > 0)
        {
            var nc = b.Add("Slice", [b.Add("Shape", [x]), b.Int64s([0]), b.Int64s([2])]);
            sizes = b.Add("Concat", [nc, b.Int64s([outH, outW])], null, Attr("axis", 0L));
        }
        else if (scale.Length > 0)
        {
            var sh = scale[0];
            var sw = scale.Length > 1 ? scale[1] : scale[0];
            scales = b.Floats([1f, 1f, (float)sh, (float)sw], [4]);
        }
        else
        {
            throw new InvalidOperationException("interpolation without scale or output size");
        }

        return b.Add("Resize", sizes.Length > 0 ? [x, "", "", sizes] : [x, "", scales], output, [.. attrs]);
    }

    public static string HardSwish(OnnxGraphBuilder b, string x, double threshold, double scale, double offset, string? output)
    {
        if (threshold == 6 && scale == 6 && offset == 3)
        {
            return b.Add("HardSwish", [x], output);
        }

        var clipped = b.Add("Clip", [b.Add("Add", [x, b.Float((float)offset)]), b.Float(0f), b.Float((float)threshold)]);
        return b.Add("Div", [b.Add("Mul", [x, clipped]), b.Float((float)scale)], output);
    }

    public static string Swish(OnnxGraphBuilder b, string x, double beta, string? output)
    {
        var scaled = beta == 1 ? x : b.Add("Mul", [x, b.Float((float)beta)]);
        return b.Add("Mul", [x, b.Add("Sigmoid", [scaled])], output);
    }

    /// <summary>Paddle elementwise ops: numpy broadcasting, or (classic axis != -1) Y aligned to X starting at <paramref name="axis"/>.</summary>
    public static string Elementwise(OnnxGraphBuilder b, string opType, string x, string y, long axis, int rankX, int rankY, string? output)
    {
        if (axis >= 0 && rankY >= 1 && rankX > rankY && axis + rankY < rankX)
        {
            var trailing = new long[rankX - (int)axis - rankY];
            for (var i = 0; i < trailing.Length; i++)
            {
                trailing[i] = rankY + i;
            }

            y = b.Add("Unsqueeze", [y, b.Int64s(trailing)]);
        }

        return b.Add(opType, [x, y], output);
    }

    public static string MatMul(OnnxGraphBuilder b, string x, string y, bool transX, bool transY, int rankX, int rankY, double alpha, string? output)
    {
        if (transX)
        {
            x = b.Add("Transpose", [x], null, Attr("perm", SwapLast(rankX)));
        }

        if (transY)
        {
            y = b.Add("Transpose", [y], null, Attr("perm", SwapLast(rankY)));
        }

        if (alpha == 1)
        {
            return b.Add("MatMul", [x, y], output);
        }

        return b.Add("Mul", [b.Add("MatMul", [x, y]), b.Float((float)alpha)], output);
    }

    private static long[] SwapLast(int rank)
    {
        var perm = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            perm[i] = i;
        }

        (perm[rank - 1], perm[rank - 2]) = (perm[rank - 2], perm[rank - 1]);
        return perm;
    }

    /// <summary>scale: <c>scale * x + bias</c> (bias_after_scale) or <c>scale * (x + bias)</c>.</summary>
    public static string Scale(OnnxGraphBuilder b, string x, string scaleTensor, double bias, bool biasAfterScale, string? output)
    {
        if (bias == 0)
        {
            return b.Add("Mul", [x, scaleTensor], output);
        }

        var biasTensor = b.Float((float)bias);
        return biasAfterScale
            ? b.Add("Add", [b.Add("Mul", [x, scaleTensor]), biasTensor], output)
            : b.Add("Mul", [b.Add("Add", [x, biasTensor]), scaleTensor], output);
    }

    /// <summary>slice + decrease_axis; the axes are squeezed only when the declared result rank is lower.</summary>
    public static string Slice(OnnxGraphBuilder b, string x, long[] axes, string starts, string ends, long[] decreaseAxis, int inRank, int outRank, string? output)
    {
        var squeeze = decreaseAxis.Length > 0 && outRank >= 0 && outRank < inRank;
        var sliced = b.Add("Slice", [x, starts, ends, b.Int64s(axes)], squeeze ? null : output);
        return squeeze ? b.Add("Squeeze", [sliced, b.Int64s(decreaseAxis)], output) : sliced;
    }

    /// <summary>flatten_contiguous_range: dims start..stop merged into one.</summary>
    public static string Flatten(OnnxGraphBuilder b, string x, long start, long stop, int rank, string? output)
    {
        if (start < 0)
        {
            start += rank;
        }

        if (stop < 0)
        {
            stop += rank;
        }

        if (stop == rank - 1 && start > 0)
        {
            if (start == 1)
            {
                return b.Add("Flatten", [x], output, Attr("axis", 1L));
            }
        }

        var shape = b.Add("Shape", [x]);
        var parts = new List<string>();
        if (start > 0)
        {
            parts.Add(b.Add("Slice", [shape, b.Int64s([0]), b.Int64s([start])]));
        }

        parts.Add(b.Int64s([-1]));
        if (stop < rank - 1)
        {
            parts.Add(b.Add("Slice", [shape, b.Int64s([stop + 1]), b.Int64s([rank])]));
        }

        var newShape = parts.Count == 1 ? parts[0] : b.Add("Concat", parts, null, Attr("axis", 0L));
        return b.Add("Reshape", [x, newShape], output);
    }

    public static string Dropout(OnnxGraphBuilder b, string x, string mode, double p, string? output) =>
        mode == "downgrade_in_infer" ? b.Add("Mul", [x, b.Float((float)(1 - p))], output) : b.Add("Identity", [x], output);

    public static string Stack(OnnxGraphBuilder b, IReadOnlyList<string> items, long axis, string? output)
    {
        var axes = b.Int64s([axis]);
        var unsqueezed = items.Select(i => b.Add("Unsqueeze", [i, axes])).ToList();
        return unsqueezed.Count == 1 ? b.Add("Identity", unsqueezed, output) : b.Add("Concat", unsqueezed, output, Attr("axis", axis));
    }

    /// <summary>A shape given as a list of 1-element (or 0-d) int tensors, as one 1-D int64 tensor.</summary>
    public static string ShapeFromList(OnnxGraphBuilder b, IReadOnlyList<string> items)
    {
        var known = new List<long>();
        foreach (var item in items)
        {
            if (b.IntConstants.TryGetValue(item, out var v) && v.Length == 1)
            {
                known.Add(v[0]);
            }
            else
            {
                known.Clear();
                break;
            }
        }

        if (known.Count == items.Count)
        {
            return b.Int64s([.. known]);
        }

        var axes = b.Int64s([0]);
        var parts = items.Select(i => b.Ranks.TryGetValue(i, out var r) && r == 0 ? b.Add("Unsqueeze", [i, axes]) : b.Add("Reshape", [i, b.Int64s([-1])])).ToList();
        return b.Add("Concat", parts, null, Attr("axis", 0L));
    }

    /// <summary>prelu: mode all (one slope), channel (slope per channel, NCHW) or element.</summary>
    public static string PRelu(OnnxGraphBuilder b, string x, string alpha, string mode, int rankX, string? output)
    {
        if (mode == "channel" && rankX > 2)
        {
            var trailing = Enumerable.Range(1, rankX - 2).Select(i => (long)i).ToArray();
            alpha = b.Add("Unsqueeze", [alpha, b.Int64s(trailing)]);
        }

        return b.Add("PRelu", [x, alpha], output);
    }
}

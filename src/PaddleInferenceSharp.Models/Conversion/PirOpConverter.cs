using static PaddleInferenceSharp.Models.OnnxGraphBuilder;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Lowers the ops of a PIR program (positional operands; mutable attributes arrive as operands produced by
/// <c>pd_op.full</c>/<c>pd_op.full_int_array</c>, folded here when their values are known) to ONNX nodes.
/// </summary>
internal static class PirOpConverter
{
    public static void Convert(OnnxGraphBuilder b, PaddleProgram p, PaddleOp op)
    {
        Exception Fail(string why) => PaddleToOnnxConverter.Unsupported(p, op, why);
        string In(int position) => op.Input(Pos(position)) ?? throw Fail($"operand {position} is null");
        string? Optional(int position) => op.Input(Pos(position));
        string Out(int position = 0) => op.Output(Pos(position)) ?? throw Fail($"result {position} is missing");
        int Rank(string name) => b.Ranks.TryGetValue(name, out var r) ? r : -1;
        long[] Ints(int position, string what)
        {
            var name = In(position);
            if (b.IntConstants.TryGetValue(name, out var v))
            {
                return v;
            }

            if (b.Vectors.TryGetValue(name, out var items) && items.All(b.IntConstants.ContainsKey))
            {
                return items.SelectMany(i => b.IntConstants[i]).ToArray();
            }

            throw Fail($"{what} (operand {position}) is computed at run time; expected a constant");
        }

        string IntTensor(int position)
        {
            var name = In(position);
            return b.Vectors.TryGetValue(name, out var items) ? PaddleOpSemantics.ShapeFromList(b, items) : name;
        }

        var type = op.Type;
        switch (type)
        {
            case "builtin.parameter":
            case "pd_op.data":
            case "pd_op.fetch":
                return;
            case "builtin.combine":
                b.Vectors[Out()] = op.Inputs.OrderBy(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture))
                    .Select(kv => kv.Value.Count > 0 ? kv.Value[0] : throw Fail("a null element")).ToArray();
                return;
            case "pd_op.full":
            {
                var dtype = PaddleVarTypes.FromPirName(op.GetString("dtype", "float32")) ?? throw Fail($"dtype '{op.GetString("dtype")}'");
                ClassicOpConverter.Constant(b, Out(), dtype, op.GetLongs("shape"), op.GetDouble("value"), p, op);
                return;
            }
            case "pd_op.full_int_array":
                b.Int64s(op.GetLongs("value"), name: Out());
                return;
            case "pd_op.assign":
                b.Add("Identity", [In(0)], Out());
                return;
            case "pd_op.conv2d":
            case "pd_op.depthwise_conv2d":
            case "pd_op.conv2d_transpose":
            case "pd_op.depthwise_conv2d_transpose":
            {
                var transposed = type.EndsWith("_transpose", StringComparison.Ordinal);
                if (transposed && Optional(2) is not null && Ints(2, "output_size").Length > 0)
                {
                    throw Fail("conv2d_transpose with an explicit output_size");
                }

                if (op.GetString("data_format", "NCHW") != "NCHW")
                {
                    throw Fail($"data_format '{op.GetString("data_format")}'; only NCHW is supported");
                }

                PaddleOpSemantics.Conv(b, In(0), In(1), null, op.GetLongs("strides"), op.GetLongs("paddings"), op.GetLongs("dilations"),
                    op.GetLong("groups", 1), op.GetString("padding_algorithm", "EXPLICIT"), Out(), transposed, op.GetLongs("output_padding"));
                return;
            }
            case "pd_op.batch_norm_":
            case "pd_op.batch_norm":
                b.Add("BatchNormalization", [In(0), In(3), In(4), In(1), In(2)], Out(), Attr("epsilon", (float)op.GetDouble("epsilon", 1e-5)));
                return;
            case "pd_op.layer_norm":
            {
                var scale = Optional(1) ?? throw Fail("layer_norm without scale");
                var bias = Optional(2) ?? throw Fail("layer_norm without bias");
                b.Add("LayerNormalization", [In(0), scale, bias], Out(), Attr("axis", op.GetLong("begin_norm_axis", 1)),
                    Attr("epsilon", (float)op.GetDouble("epsilon", 1e-5)));
                return;
            }
            case "pd_op.add":
            case "pd_op.subtract":
            case "pd_op.multiply":
            case "pd_op.divide":
            case "pd_op.maximum":
            case "pd_op.minimum":
            case "pd_op.elementwise_pow":
            {
                var onnx = type switch
                {
                    "pd_op.add" => "Add",
                    "pd_op.subtract" => "Sub",
                    "pd_op.multiply" => "Mul",
                    "pd_op.divide" => "Div",
                    "pd_op.maximum" => "Max",
                    "pd_op.minimum" => "Min",
                    _ => "Pow",
                };
                b.Add(onnx, [In(0), In(1)], Out());
                return;
            }
            case "pd_op.relu":
                b.Add("Relu", [In(0)], Out());
                return;
            case "pd_op.relu6":
                b.Add("Clip", [In(0), b.Float(0f), b.Float(6f)], Out());
                return;
            case "pd_op.sigmoid":
                b.Add("Sigmoid", [In(0)], Out());
                return;
            case "pd_op.tanh":
                b.Add("Tanh", [In(0)], Out());
                return;
            case "pd_op.leaky_relu":
                b.Add("LeakyRelu", [In(0)], Out(), Attr("alpha", (float)op.GetDouble("negative_slope", 0.02)));
                return;
            case "pd_op.hardswish":
                b.Add("HardSwish", [In(0)], Out());
                return;
            case "pd_op.hardsigmoid":
                b.Add("HardSigmoid", [In(0)], Out(), Attr("alpha", (float)op.GetDouble("slope", 1.0 / 6)), Attr("beta", (float)op.GetDouble("offset", 0.5)));
                return;
            case "pd_op.swish":
                PaddleOpSemantics.Swish(b, In(0), 1, Out());
                return;
            case "pd_op.pool2d":
            {
                var x = In(0);
                PaddleOpSemantics.Pool(b, x, p.Values.TryGetValue(x, out var v) ? v.Dims : [], op.GetString("pooling_type", "max"),
                    Ints(1, "kernel_size"), op.GetLongs("strides"), op.GetLongs("paddings"), op.GetBool("global_pooling"), op.GetBool("adaptive"),
                    op.GetBool("ceil_mode"), op.GetBool("exclusive", true), op.GetString("padding_algorithm", "EXPLICIT"), Out(), Fail);
                return;
            }
            case "pd_op.nearest_interp":
            case "pd_op.bilinear_interp":
            {
                string? sizeTensor = null;
                if (Optional(1) is not null)
                {
                    sizeTensor = IntTensor(1);
                }
                else if (Optional(2) is not null)
                {
                    sizeTensor = IntTensor(2);
                }

                if (Optional(3) is not null)
                {
                    throw Fail("interpolation scale given as a tensor");
                }

                PaddleOpSemantics.Resize(b, In(0), op.GetString("interp_method", type == "pd_op.nearest_interp" ? "nearest" : "bilinear"),
                    op.GetBool("align_corners"), op.GetLong("align_mode", 1), op.GetDoubles("scale"), op.GetLong("out_h", -1),
                    op.GetLong("out_w", -1), sizeTensor, Out());
                return;
            }
            case "pd_op.concat":
            {
                var items = b.Vectors.TryGetValue(In(0), out var v) ? v : throw Fail("operand 0 is not a builtin.combine vector");
                var axis = (long)(b.ConstantValue(In(1)) ?? throw Fail("the concat axis is computed at run time"))[0];
                b.Add("Concat", items, Out(), Attr("axis", axis));
                return;
            }
            case "pd_op.stack":
            {
                var items = b.Vectors.TryGetValue(In(0), out var v) ? v : throw Fail("operand 0 is not a builtin.combine vector");
                PaddleOpSemantics.Stack(b, items, op.GetLong("axis"), Out());
                return;
            }
            case "pd_op.transpose":
                b.Add("Transpose", [In(0)], Out(), Attr("perm", op.GetLongs("perm")));
                return;
            case "pd_op.reshape":
                b.Add("Reshape", [In(0), IntTensor(1)], Out());
                return;
            case "pd_op.shape64":
            case "pd_op.shape":
                b.Add("Shape", [In(0)], Out());
                return;
            case "pd_op.slice":
            {
                var x = In(0);
                var output = Out();
                PaddleOpSemantics.Slice(b, x, op.GetLongs("axes"), IntTensor(1), IntTensor(2), op.GetLongs("decrease_axis"), Rank(x), Rank(output), output);
                return;
            }
            case "pd_op.squeeze":
            case "pd_op.unsqueeze":
            {
                var axes = Optional(1) is null ? [] : Ints(1, "axis");
                var onnx = type == "pd_op.squeeze" ? "Squeeze" : "Unsqueeze";
                b.Add(onnx, axes.Length == 0 && onnx == "Squeeze" ? [In(0)] : [In(0), b.Int64s(axes)], Out());
                return;
            }
            case "pd_op.flatten":
            {
                var x = In(0);
                PaddleOpSemantics.Flatten(b, x, op.GetLong("start_axis", 1), op.GetLong("stop_axis", -1), Rank(x), Out());
                return;
            }
            case "pd_op.matmul":
            {
                var x = In(0);
                var y = In(1);
                PaddleOpSemantics.MatMul(b, x, y, op.GetBool("transpose_x"), op.GetBool("transpose_y"), Rank(x), Rank(y), 1, Out());
                return;
            }
            case "pd_op.scale":
                PaddleOpSemantics.Scale(b, In(0), In(1), op.GetDouble("bias"), op.GetBool("bias_after_scale", true), Out());
                return;
            case "pd_op.softmax":
                b.Add("Softmax", [In(0)], Out(), Attr("axis", op.GetLong("axis", -1)));
                return;
            case "pd_op.dropout":
            {
                var prob = Optional(2) is { } pName && b.ConstantValue(pName) is { Length: > 0 } pv ? pv[0] : 0.5;
                PaddleOpSemantics.Dropout(b, In(0), op.GetString("mode", "upscale_in_train"), prob, Out());
                return;
            }
            case "pd_op.prelu":
            {
                var x = In(0);
                PaddleOpSemantics.PRelu(b, x, In(1), op.GetString("mode", "all"), Rank(x), Out());
                return;
            }
            case "pd_op.grid_sample":
                b.Add("GridSample", [In(0), In(1)], Out(), Attr("mode", op.GetString("mode", "bilinear")),
                    Attr("padding_mode", op.GetString("padding_mode", "zeros")), Attr("align_corners", op.GetBool("align_corners", true) ? 1L : 0L));
                return;
            case "pd_op.pad3d":
            {
                var x = In(0);
                var pads = Ints(1, "paddings");
                if (Rank(x) != 5 || pads.Length != 6 || op.GetString("data_format", "NCDHW") != "NCDHW")
                {
                    throw Fail($"pad3d on rank {Rank(x)} with {pads.Length} paddings ({op.GetString("data_format")}); expected NCDHW and 6 paddings");
                }

                // Paddle: [left, right, top, bottom, front, back]; ONNX: begins then ends, by axis.
                long[] onnxPads = [0, 0, pads[4], pads[2], pads[0], 0, 0, pads[5], pads[3], pads[1]];
                var mode = op.GetString("mode", "constant") switch
                {
                    "replicate" => "edge",
                    "reflect" => "reflect",
                    "constant" => "constant",
                    var m => throw Fail($"pad3d mode '{m}'"),
                };
                b.Add("Pad", [x, b.Int64s(onnxPads), b.Float((float)op.GetDouble("pad_value"))], Out(), Attr("mode", mode));
                return;
            }
            case "pd_op.cast":
            {
                var dtype = PaddleVarTypes.FromPirName(op.GetString("dtype")) ?? throw Fail($"dtype '{op.GetString("dtype")}'");
                b.Add("Cast", [In(0)], Out(), Attr("to", (long)PaddleToOnnxConverter.OnnxType(dtype, p.FilePath, op.ToString())));
                return;
            }
            default:
                throw Fail(op.Regions() ? "control-flow ops are not supported" : "the op type is not supported");
        }
    }

    private static string Pos(int position) => position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool Regions(this PaddleOp op) => op.Type.StartsWith("cf.", StringComparison.Ordinal);
}

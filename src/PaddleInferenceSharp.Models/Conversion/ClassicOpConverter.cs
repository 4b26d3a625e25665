using static PaddleInferenceSharp.Models.OnnxGraphBuilder;

namespace PaddleInferenceSharp.Models;

/// <summary>Lowers the ops of a classic ProgramDesc (named slots, attributes) to ONNX nodes.</summary>
internal static class ClassicOpConverter
{
    public static void Convert(OnnxGraphBuilder b, PaddleProgram p, PaddleOp op)
    {
        string In(string slot) => op.Input(slot) ?? throw PaddleToOnnxConverter.Unsupported(p, op, $"input slot '{slot}' is empty");
        string Out(string slot = "Out") => op.Output(slot) ?? throw PaddleToOnnxConverter.Unsupported(p, op, $"output slot '{slot}' is empty");
        int Rank(string name) => b.Ranks.TryGetValue(name, out var r) ? r : -1;
        Exception Fail(string why) => PaddleToOnnxConverter.Unsupported(p, op, why);

        switch (op.Type)
        {
            case "feed":
            case "fetch":
                return;
            case "conv2d":
            case "depthwise_conv2d":
            case "conv2d_transpose":
            case "depthwise_conv2d_transpose":
            {
                var transposed = op.Type.EndsWith("_transpose", StringComparison.Ordinal);
                if (transposed && op.GetLongs("output_size").Length > 0)
                {
                    throw Fail("conv2d_transpose with an explicit output_size");
                }

                PaddleOpSemantics.Conv(b, In("Input"), In("Filter"), op.Input("Bias"), op.GetLongs("strides"), op.GetLongs("paddings"),
                    op.GetLongs("dilations"), op.GetLong("groups", 1), op.GetString("padding_algorithm", "EXPLICIT"), Out("Output"),
                    transposed, op.GetLongs("output_padding"));
                return;
            }
            case "batch_norm":
                b.Add("BatchNormalization", [In("X"), In("Scale"), In("Bias"), In("Mean"), In("Variance")], Out("Y"),
                    Attr("epsilon", (float)op.GetDouble("epsilon", 1e-5)));
                return;
            case "layer_norm":
            {
                var x = In("X");
                var axis = op.GetLong("begin_norm_axis", 1);
                b.Add("LayerNormalization", [x, In("Scale"), In("Bias")], Out("Y"),
                    Attr("axis", axis), Attr("epsilon", (float)op.GetDouble("epsilon", 1e-5)));
                return;
            }
            case "elementwise_add":
            case "elementwise_sub":
            case "elementwise_mul":
            case "elementwise_div":
            case "elementwise_pow":
            case "elementwise_max":
            case "elementwise_min":
            {
                var onnx = op.Type switch
                {
                    "elementwise_add" => "Add",
                    "elementwise_sub" => "Sub",
                    "elementwise_mul" => "Mul",
                    "elementwise_div" => "Div",
                    "elementwise_pow" => "Pow",
                    "elementwise_max" => "Max",
                    _ => "Min",
                };
                var x = In("X");
                var y = In("Y");
                PaddleOpSemantics.Elementwise(b, onnx, x, y, op.GetLong("axis", -1), Rank(x), Rank(y), Out());
                return;
            }
            case "relu":
                b.Add("Relu", [In("X")], Out());
                return;
            case "relu6":
                b.Add("Clip", [In("X"), b.Float(0f), b.Float((float)op.GetDouble("threshold", 6))], Out());
                return;
            case "sigmoid":
                b.Add("Sigmoid", [In("X")], Out());
                return;
            case "tanh":
                b.Add("Tanh", [In("X")], Out());
                return;
            case "leaky_relu":
                b.Add("LeakyRelu", [In("X")], Out(), Attr("alpha", (float)op.GetDouble("alpha", 0.02)));
                return;
            case "hard_swish":
                PaddleOpSemantics.HardSwish(b, In("X"), op.GetDouble("threshold", 6), op.GetDouble("scale", 6), op.GetDouble("offset", 3), Out());
                return;
            case "hard_sigmoid":
                b.Add("HardSigmoid", [In("X")], Out(), Attr("alpha", (float)op.GetDouble("slope", 0.2)), Attr("beta", (float)op.GetDouble("offset", 0.5)));
                return;
            case "swish":
                PaddleOpSemantics.Swish(b, In("X"), op.GetDouble("beta", 1), Out());
                return;
            case "pool2d":
            {
                var x = In("X");
                PaddleOpSemantics.Pool(b, x, p.Values.TryGetValue(x, out var v) ? v.Dims : [], op.GetString("pooling_type", "max"),
                    op.GetLongs("ksize"), op.GetLongs("strides"), op.GetLongs("paddings"), op.GetBool("global_pooling"),
                    op.GetBool("adaptive"), op.GetBool("ceil_mode"), op.GetBool("exclusive", true), op.GetString("padding_algorithm", "EXPLICIT"),
                    Out(), Fail);
                return;
            }
            case "nearest_interp_v2":
            case "bilinear_interp_v2":
            case "nearest_interp":
            case "bilinear_interp":
            {
                if (op.Input("SizeTensor") is not null || op.Input("OutSize") is not null || op.Input("Scale") is not null)
                {
                    throw Fail("interpolation sizes given as tensors (SizeTensor/OutSize/Scale)");
                }

                var scale = op.GetDoubles("scale");
                if (scale.Length == 0 && op.Has("scale") && op.GetDouble("scale") > 0)
                {
                    scale = [op.GetDouble("scale")];
                }

                PaddleOpSemantics.Resize(b, In("X"), op.GetString("interp_method", op.Type.StartsWith("nearest", StringComparison.Ordinal) ? "nearest" : "bilinear"),
                    op.GetBool("align_corners"), op.GetLong("align_mode", 1), scale, op.GetLong("out_h", -1), op.GetLong("out_w", -1), null, Out());
                return;
            }
            case "concat":
                if (op.Input("AxisTensor") is not null)
                {
                    throw Fail("concat axis given as a tensor");
                }

                b.Add("Concat", op.Inputs["X"], Out(), Attr("axis", op.GetLong("axis")));
                return;
            case "transpose2":
            case "transpose":
                b.Add("Transpose", [In("X")], Out(), Attr("perm", op.GetLongs("axis")));
                return;
            case "reshape2":
            case "reshape":
            {
                string shape;
                if (op.Inputs.TryGetValue("ShapeTensor", out var list) && list.Count > 0)
                {
                    shape = PaddleOpSemantics.ShapeFromList(b, list);
                }
                else if (op.Input("Shape") is { } shapeTensor)
                {
                    shape = b.Add("Cast", [shapeTensor], null, Attr("to", 7L));
                }
                else
                {
                    shape = b.Int64s(op.GetLongs("shape"));
                }

                b.Add("Reshape", [In("X"), shape], Out());
                return;
            }
            case "shape":
                // Paddle's shape is int32; integer tensors stay int64 in the converted graph (constants included).
                b.Add("Shape", [In("Input")], Out());
                return;
            case "slice":
            {
                if (op.Input("StartsTensor") is not null || op.Input("EndsTensor") is not null ||
                    (op.Inputs.TryGetValue("StartsTensorList", out var sl) && sl.Count > 0) || (op.Inputs.TryGetValue("EndsTensorList", out var el) && el.Count > 0))
                {
                    throw Fail("slice bounds given as tensors");
                }

                var x = In("Input");
                var output = Out();
                PaddleOpSemantics.Slice(b, x, op.GetLongs("axes"), b.Int64s(op.GetLongs("starts")), b.Int64s(op.GetLongs("ends")),
                    op.GetLongs("decrease_axis"), Rank(x), Rank(output), output);
                return;
            }
            case "fill_constant":
            {
                if (op.Input("ShapeTensor") is not null || op.Input("ValueTensor") is not null ||
                    (op.Inputs.TryGetValue("ShapeTensorList", out var stl) && stl.Count > 0))
                {
                    throw Fail("fill_constant with tensor-valued shape or value");
                }

                var dtype = (PaddleVarType)op.GetLong("dtype", (long)PaddleVarType.Float32);
                var shape = op.GetLongs("shape");
                var text = op.GetString("str_value");
                var value = text.Length > 0 && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : op.GetDouble("value");
                Constant(b, Out(), dtype, shape, value, p, op);
                return;
            }
            case "assign":
                b.Add("Identity", [In("X")], Out());
                return;
            case "scale":
            {
                var scale = op.Input("ScaleTensor") ?? b.Float((float)op.GetDouble("scale", 1));
                PaddleOpSemantics.Scale(b, In("X"), scale, op.GetDouble("bias"), op.GetBool("bias_after_scale", true), Out());
                return;
            }
            case "softmax":
                b.Add("Softmax", [In("X")], Out(), Attr("axis", op.GetLong("axis", -1)));
                return;
            case "dropout":
                PaddleOpSemantics.Dropout(b, In("X"), op.GetString("dropout_implementation", "downgrade_in_infer"), op.GetDouble("dropout_prob", 0.5), Out());
                return;
            case "matmul_v2":
            {
                var x = In("X");
                var y = In("Y");
                PaddleOpSemantics.MatMul(b, x, y, op.GetBool("trans_x"), op.GetBool("trans_y"), Rank(x), Rank(y), 1, Out());
                return;
            }
            case "matmul":
            {
                var x = In("X");
                var y = In("Y");
                PaddleOpSemantics.MatMul(b, x, y, op.GetBool("transpose_X"), op.GetBool("transpose_Y"), Rank(x), Rank(y), op.GetDouble("alpha", 1), Out());
                return;
            }
            case "flatten_contiguous_range":
            {
                var x = In("X");
                PaddleOpSemantics.Flatten(b, x, op.GetLong("start_axis", 1), op.GetLong("stop_axis", -1), Rank(x), Out());
                return;
            }
            case "flatten2":
            case "flatten":
                b.Add("Flatten", [In("X")], Out(), Attr("axis", op.GetLong("axis", 1)));
                return;
            case "squeeze2":
            case "squeeze":
            {
                var axes = op.GetLongs("axes");
                b.Add("Squeeze", axes.Length == 0 ? [In("X")] : [In("X"), b.Int64s(axes)], Out());
                return;
            }
            case "unsqueeze2":
            case "unsqueeze":
                b.Add("Unsqueeze", [In("X"), b.Int64s(op.GetLongs("axes"))], Out());
                return;
            case "fill_constant_batch_size_like":
            {
                var dtype = (PaddleVarType)op.GetLong("dtype", (long)PaddleVarType.Float32);
                if (dtype != PaddleVarType.Float32)
                {
                    throw Fail($"fill_constant_batch_size_like of type {dtype}");
                }

                var shape = op.GetLongs("shape");
                var outIdx = (int)op.GetLong("output_dim_idx");
                var batch = b.Add("Gather", [b.Add("Shape", [In("Input")]), b.Int64s([op.GetLong("input_dim_idx")])]);
                var parts = new List<string>();
                if (outIdx > 0)
                {
                    parts.Add(b.Int64s(shape[..outIdx]));
                }

                parts.Add(batch);
                if (outIdx < shape.Length - 1)
                {
                    parts.Add(b.Int64s(shape[(outIdx + 1)..]));
                }

                var value = new Onnx.TensorProto { DataType = 1 };
                value.Dims.Add(1);
                value.FloatData.Add((float)op.GetDouble("value"));
                b.Add("ConstantOfShape", [b.Add("Concat", parts, null, Attr("axis", 0L))], Out(), Attr("value", value));
                return;
            }
            case "rnn":
                RecurrentLayers.Lstm(b, op, In("Input"), op.Inputs["PreState"], op.Inputs["WeightList"], Out(), Fail);
                return;
            default:
                throw Fail("the op type is not supported");
        }
    }

    /// <summary>A constant tensor filled with one value; integer types become int64 (see the shape op note).</summary>
    internal static void Constant(OnnxGraphBuilder b, string output, PaddleVarType dtype, long[] shape, double value, PaddleProgram p, PaddleOp op)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw PaddleToOnnxConverter.Unsupported(p, op, $"a constant of dynamic shape [{string.Join(",", shape)}]");
            }

            count *= d;
        }

        switch (dtype)
        {
            case PaddleVarType.Float32:
            case PaddleVarType.Float64:
            case PaddleVarType.Float16:
                b.Floats(Enumerable.Repeat((float)value, (int)count).ToArray(), shape, output);
                return;
            case PaddleVarType.Int32:
            case PaddleVarType.Int64:
            case PaddleVarType.Int16:
            case PaddleVarType.Int8:
            case PaddleVarType.UInt8:
            {
                b.Int64s(Enumerable.Repeat((long)value, (int)count).ToArray(), name: output, dims: shape);
                return;
            }
            default:
                throw PaddleToOnnxConverter.Unsupported(p, op, $"a constant of type {dtype}");
        }
    }
}

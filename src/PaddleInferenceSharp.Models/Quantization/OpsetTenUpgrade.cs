using System.Runtime.InteropServices;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Moves a graph of ONNX opset 7–9 to opset 10, the first with integer kernels (QLinearConv, QLinearMatMul) that ONNX
/// Runtime fuses quantized node groups into. Of the operators opset 10 changed, Slice moves its starts, ends and axes
/// from attributes to int64 inputs, AveragePool and MaxPool only gained an attribute whose default keeps the old
/// behaviour; a graph with Dropout, TopK or Upsample (changed in ways this does not rewrite) is refused.
/// </summary>
internal static class OpsetTenUpgrade
{
    private static readonly string[] Refused = ["Dropout", "TopK", "Upsample"];

    public static void Apply(ModelProto proto, string displayName)
    {
        var onnx = proto.OpsetImport.First(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx");
        if (onnx.Version >= 10)
        {
            return;
        }

        var graph = proto.Graph;
        if (graph.Node.FirstOrDefault(n => Refused.Any(op => OnnxGraphIndex.IsOp(n, op))) is { } refused)
        {
            throw new PaddleModelFormatException(
                $"The ONNX model '{displayName}' is opset {onnx.Version}; int8 quantization needs opset 10, and its {refused.OpType} node '{refused.Name}' changed meaning in opset 10.", displayName);
        }

        if (graph.Node.Any(n => n.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0)))
        {
            throw new PaddleModelFormatException($"The ONNX model '{displayName}' is opset {onnx.Version} and has sub-graphs; int8 quantization needs opset 10.", displayName);
        }

        foreach (var slice in graph.Node.Where(n => OnnxGraphIndex.IsOp(n, "Slice")))
        {
            var inputs = new List<string> { slice.Input[0] };
            foreach (var name in (ReadOnlySpan<string>)["starts", "ends", "axes"])
            {
                if (slice.Attribute.FirstOrDefault(a => a.Name == name) is not { } attribute)
                {
                    continue;
                }

                var values = attribute.Ints.ToArray();
                var tensor = new TensorProto
                {
                    Name = $"{slice.Output[0]}_{name}",
                    DataType = (int)TensorProto.Types.DataType.Int64,
                    RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
                };
                tensor.Dims.Add(values.Length);
                graph.Initializer.Add(tensor);
                inputs.Add(tensor.Name);
            }

            slice.Input.Clear();
            slice.Input.AddRange(inputs);
            var kept = slice.Attribute.Where(a => a.Name is not ("starts" or "ends" or "axes")).ToList();
            slice.Attribute.Clear();
            slice.Attribute.AddRange(kept);
        }

        onnx.Version = 10;
    }
}

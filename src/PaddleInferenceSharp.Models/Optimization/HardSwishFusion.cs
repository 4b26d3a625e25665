using PaddleInferenceSharp.Models.Onnx;
using static PaddleInferenceSharp.Models.OnnxGraphIndex;

namespace PaddleInferenceSharp.Models;

/// <summary><c>Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)</c> → <c>HardSwish(x)</c> (opset 14+) or <c>Mul(x, HardSigmoid(x))</c>.</summary>
internal sealed class HardSwishFusion : OnnxGraphPass
{
    protected override bool TryRewrite(OnnxGraphIndex index, NodeProto div)
    {
        if (!IsOp(div, "Div") || div.Input.Count != 2 || !index.IsScalar(div.Input[1], 6f) ||
            !index.TrySingleUseProducer(div.Input[0], "Mul", out var mul) || mul.Input.Count != 2)
        {
            return false;
        }

        var graph = index.Graph;
        for (var side = 0; side < 2; side++)
        {
            var x = mul.Input[side];
            if (!index.TrySingleUseProducer(mul.Input[1 - side], "Clip", out var clip) || !IsClip06(index, clip) ||
                !index.TrySingleUseProducer(clip.Input[0], "Add", out var add) || add.Input.Count != 2 ||
                !((add.Input[0] == x && index.IsScalar(add.Input[1], 3f)) || (add.Input[1] == x && index.IsScalar(add.Input[0], 3f))))
            {
                continue;
            }

            index.Remove(add);
            index.Remove(clip);
            index.Remove(mul);
            var at = index.IndexOf(div);
            if (index.Opset >= 14)
            {
                graph.Node[at] = Node("HardSwish", [x], div.Output[0], div.Name);
            }
            else
            {
                var gate = index.Fresh(div.Output[0] + "_hsig");
                var hardSigmoid = Node("HardSigmoid", [x], gate, div.Name + "_hsig");
                hardSigmoid.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1f / 6f });
                hardSigmoid.Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
                graph.Node[at] = Node("Mul", [x, gate], div.Output[0], div.Name);
                graph.Node.Insert(at, hardSigmoid);
            }

            return true;
        }

        return false;
    }

    private static bool IsClip06(OnnxGraphIndex index, NodeProto clip)
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

        return clip.Input.Count == 3 && index.IsScalar(clip.Input[1], 0f) && index.IsScalar(clip.Input[2], 6f);
    }
}

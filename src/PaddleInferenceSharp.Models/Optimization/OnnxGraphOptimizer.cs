using System.Diagnostics;
using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

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

    private static readonly OnnxGraphPass HardSwish = new HardSwishFusion();
    private static readonly OnnxGraphPass UnsqueezedConstants = new ConstantUnsqueezeFolding();
    private static readonly OnnxGraphPass ZeroShifts = new ZeroShiftRemoval();
    private static readonly OnnxGraphPass ConvOutputAffines = new ConvOutputAffineFolding();
    private static readonly OnnxGraphPass UnpaddedConvShifts = new UnpaddedConvShiftFolding();
    private static readonly OnnxGraphPass ConvInputScales = new ConvInputScaleFolding();
    private static readonly OnnxGraphPass ScalesBehindShifts = new ScaleBehindShiftMove();
    private static readonly OnnxGraphPass ShiftsToDepthwise = new ShiftToDepthwiseConv();

    /// <summary>Rewrites a graph in place; returns the hard-swish chains fused and the affine nodes folded.</summary>
    internal static (int HardSwish, int Affines) Apply(GraphProto graph, long opset)
    {
        var index = new OnnxGraphIndex(graph, opset);
        var hardSwish = 0;
        var affines = 0;
        for (var round = 0; round < 64; round++)
        {
            index.Rebuild();
            var h = HardSwish.Run(index);
            var a = UnsqueezedConstants.Run(index);
            a += ZeroShifts.Run(index);
            foreach (var pass in (ReadOnlySpan<OnnxGraphPass>)[ConvOutputAffines, UnpaddedConvShifts, ConvInputScales, ScalesBehindShifts])
            {
                index.Rebuild();
                a += pass.Run(index);
            }

            hardSwish += h;
            affines += a;
            if (h + a == 0)
            {
                break;
            }
        }

        index.Rebuild();
        affines += ShiftsToDepthwise.Run(index);
        DeadNodeRemoval.Run(index);
        return (hardSwish, affines);
    }
}

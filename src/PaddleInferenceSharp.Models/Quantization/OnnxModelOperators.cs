using Google.Protobuf;
using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>The operators of an ONNX model's main graph.</summary>
public static class OnnxModelOperators
{
    /// <summary>Node counts by <c>domain:op</c> (an empty domain for ONNX's own: <c>:Conv</c>, <c>com.microsoft:QLinearConv</c>).</summary>
    /// <exception cref="PaddleModelFormatException">The bytes are not an ONNX model.</exception>
    public static IReadOnlyDictionary<string, int> Count(ReadOnlySpan<byte> model, string displayName = "(ONNX model)")
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PaddleModelFormatException($"'{displayName}' is not an ONNX model: {e.Message}", displayName, null, e);
        }

        return (proto.Graph?.Node ?? []).GroupBy(n => (n.Domain == "ai.onnx" ? "" : n.Domain) + ":" + n.OpType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}

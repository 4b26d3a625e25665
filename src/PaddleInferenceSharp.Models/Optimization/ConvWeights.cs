using PaddleInferenceSharp.Models.Onnx;

namespace PaddleInferenceSharp.Models;

/// <summary>Reading and replacing the constant weights and bias of Conv nodes, for the passes that fold affines into them.</summary>
internal static class ConvWeights
{
    /// <summary>All consumers of the node's output are Convs with constant weights, and the output is not a graph output.</summary>
    public static bool TryConvConsumers(this OnnxGraphIndex index, NodeProto node, out List<NodeProto> convs)
    {
        convs = [];
        if (index.Pinned.Contains(node.Output[0]) || !index.TryGetConsumers(node.Output[0], out var users) || users.Count == 0)
        {
            return false;
        }

        foreach (var user in users)
        {
            if (!OnnxGraphIndex.IsOp(user, "Conv") || index.IsRemoved(user) || user.Input[0] != node.Output[0] || user.Input.Skip(1).Contains(node.Output[0]) ||
                !index.TryConv(user, out _, out _) || convs.Any(c => ReferenceEquals(c, user)))
            {
                return false;
            }

            convs.Add(user);
        }

        return true;
    }

    /// <summary>The Conv's constant weights (rank 3 or more, output channels a multiple of the group) and its constant bias, if it has one.</summary>
    public static bool TryConv(this OnnxGraphIndex index, NodeProto conv, out FloatConstant w, out FloatConstant? bias)
    {
        bias = null;
        if (!index.Floats.TryGetValue(conv.Input.Count > 1 ? conv.Input[1] : "", out w!) || w.Dims.Length < 3 || w.Dims[0] <= 0 || w.Dims[1] <= 0 ||
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
            if (!index.Floats.TryGetValue(conv.Input[2], out bias) || bias.Values.Length != w.Dims[0])
            {
                return false;
            }
        }

        return true;
    }

    public static int Group(NodeProto conv) => (int)(conv.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1);

    public static bool HasNoPadding(NodeProto conv)
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
    public static bool TryChannelVector(FloatConstant c, int channels, int rank, out float[] perChannel)
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

    public static long[] ChannelDims(int channels, int rank)
    {
        var dims = new long[rank - 1];
        Array.Fill(dims, 1L);
        dims[0] = channels;
        return dims;
    }

    /// <summary>Gives the Conv new weight (and, unless <paramref name="bias"/> is null, bias) initializers under fresh names.</summary>
    public static void SetConvWeights(this OnnxGraphIndex index, NodeProto conv, long[] dims, float[] weights, float[]? bias)
    {
        var wName = index.Fresh(conv.Output[0] + "_w");
        index.Graph.Initializer.Add(index.FloatTensor(wName, dims, weights));
        conv.Input[1] = wName;
        index.Floats[wName] = new FloatConstant(dims, weights);
        if (bias is null)
        {
            return;
        }

        var bName = index.Fresh(conv.Output[0] + "_b");
        index.Graph.Initializer.Add(index.FloatTensor(bName, [dims[0]], bias));
        index.Floats[bName] = new FloatConstant([dims[0]], bias);
        if (conv.Input.Count > 2)
        {
            conv.Input[2] = bName;
        }
        else
        {
            conv.Input.Add(bName);
        }
    }
}

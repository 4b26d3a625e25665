using Google.Protobuf;
using PaddleInferenceSharp.Models.Paddle;

namespace PaddleInferenceSharp.Models;

/// <summary>Reads a classic Paddle program (<c>inference.pdmodel</c>, a protobuf <c>ProgramDesc</c>) into a <see cref="PaddleProgram"/>.</summary>
/// <remarks>Only block 0 is read: inference programs of the OCR models have no sub-blocks. Thread-safe (stateless).</remarks>
public static class ProgramDescReader
{
    private const int FeedMinibatch = 9;
    private const int FetchList = 10;
    private const int DenseTensor = 7;

    /// <summary>Reads a <c>.pdmodel</c> file.</summary>
    /// <exception cref="PaddleModelFormatException">The file is not a ProgramDesc, is truncated, or lacks feed/fetch ops.</exception>
    public static PaddleProgram Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (IOException e)
        {
            throw new PaddleModelFormatException($"Cannot read the Paddle program '{full}': {e.Message}", full, null, e);
        }

        return Parse(bytes, full);
    }

    /// <summary>Parses ProgramDesc bytes; <paramref name="fileName"/> names the source in messages.</summary>
    /// <exception cref="PaddleModelFormatException">The bytes are not a ProgramDesc, are truncated, or lack feed/fetch ops.</exception>
    public static PaddleProgram Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        ProgramDesc desc;
        try
        {
            desc = ProgramDesc.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PaddleModelFormatException(
                $"'{fileName}' ({bytes.Length} bytes) is not a valid Paddle ProgramDesc (.pdmodel protobuf): {e.Message} " +
                "Expected a ProgramDesc message (field 1 = blocks); the file may be truncated or of another format.", fileName, FindBadOffset(bytes), e);
        }

        if (desc.Blocks.Count == 0)
        {
            throw new PaddleModelFormatException($"'{fileName}' holds a ProgramDesc with no blocks; expected block 0 with the inference ops.", fileName, 0);
        }

        var block = desc.Blocks[0];
        var values = new Dictionary<string, PaddleValue>(StringComparer.Ordinal);
        foreach (var v in block.Vars)
        {
            var varType = v.Type?.Type ?? -1;
            if (varType is FeedMinibatch or FetchList)
            {
                continue;
            }

            var tensor = varType == DenseTensor ? v.Type!.LodTensor?.Tensor : null;
            var dtype = tensor is null ? PaddleVarType.Float32 : (PaddleVarType)tensor.DataType;
            var dims = tensor is null ? (IReadOnlyList<long>)[] : tensor.Dims.ToArray();
            values[v.Name] = new PaddleValue(v.Name, dtype, dims, v.Persistable && varType == DenseTensor);
        }

        var ops = new List<PaddleOp>(block.Ops.Count);
        var inputs = new SortedDictionary<long, PaddleValue>();
        var outputs = new SortedDictionary<long, PaddleValue>();
        for (var i = 0; i < block.Ops.Count; i++)
        {
            var op = ToOp(block.Ops[i], i);
            ops.Add(op);
            if (op.Type == "feed")
            {
                var name = op.Output("Out") ?? throw new PaddleModelFormatException($"'{fileName}': {op} has no Out variable; expected the model input.", fileName);
                inputs[op.GetLong("col")] = Lookup(values, name, op, fileName);
            }
            else if (op.Type == "fetch")
            {
                var name = op.Input("X") ?? throw new PaddleModelFormatException($"'{fileName}': {op} has no X variable; expected the model output.", fileName);
                outputs[op.GetLong("col")] = Lookup(values, name, op, fileName);
            }
        }

        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new PaddleModelFormatException(
                $"'{fileName}' has {inputs.Count} feed and {outputs.Count} fetch ops; expected an inference program with at least one of each.", fileName);
        }

        var outputList = outputs.Values.ToList();
        return new PaddleProgram(PaddleProgramFormat.ProgramDesc, fileName, desc.Version?.Version_ ?? 0, ops, values,
            inputs.Values.ToList(), outputList, outputList.ConvertAll(v => v.Name));
    }

    private static PaddleValue Lookup(Dictionary<string, PaddleValue> values, string name, PaddleOp op, string fileName) =>
        values.TryGetValue(name, out var value)
            ? value
            : throw new PaddleModelFormatException($"'{fileName}': {op} refers to variable '{name}', which block 0 does not declare.", fileName);

    private static PaddleOp ToOp(OpDesc desc, int index)
    {
        var inputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var v in desc.Inputs)
        {
            inputs[v.Parameter] = v.Arguments.ToArray();
        }

        var outputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var v in desc.Outputs)
        {
            outputs[v.Parameter] = v.Arguments.ToArray();
        }

        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var a in desc.Attrs)
        {
            object? value = a.Type switch
            {
                AttrType.Int => a.I,
                AttrType.Float => a.F,
                AttrType.String => a.S,
                AttrType.Ints => a.Ints.ToArray(),
                AttrType.Floats => a.Floats.ToArray(),
                AttrType.Strings => a.Strings.ToArray(),
                AttrType.Boolean => a.B,
                AttrType.Booleans => a.Bools.ToArray(),
                AttrType.Block => a.BlockIdx,
                AttrType.Long => a.L,
                AttrType.Blocks => a.BlocksIdx.ToArray(),
                AttrType.Longs => a.Longs.ToArray(),
                AttrType.Float64S => a.Float64S.ToArray(),
                AttrType.Var => a.VarName,
                AttrType.Vars => a.VarsName.ToArray(),
                AttrType.Float64 => a.Float64,
                AttrType.Scalar => ScalarValue(a.Scalar),
                AttrType.Scalars => a.Scalars.Select(ScalarValue).ToArray(),
                _ => null,
            };
            if (value is not null)
            {
                attributes[a.Name] = value;
            }
        }

        return new PaddleOp(desc.Type, index, inputs, outputs, attributes);
    }

    private static object ScalarValue(Scalar? s) => s is null ? 0.0 : s.Type switch
    {
        1 => s.B,
        2 => s.I,
        _ => s.R,
    };

    /// <summary>Walks the top-level fields to find where the message stops making sense, for the error message.</summary>
    private static long? FindBadOffset(ReadOnlySpan<byte> bytes)
    {
        var input = new CodedInputStream(bytes.ToArray());
        long lastGood = 0;
        try
        {
            while (!input.IsAtEnd)
            {
                lastGood = input.Position;
                var tag = input.ReadTag();
                if (tag == 0)
                {
                    return lastGood;
                }

                input.SkipLastField();
            }

            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return lastGood;
        }
    }
}

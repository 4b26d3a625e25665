namespace PaddleInferenceSharp.Models;

/// <summary>A Paddle inference program read from a <c>.pdmodel</c> or <c>inference.json</c>: its ops, values, inputs, outputs and parameters.</summary>
public sealed class PaddleProgram
{
    /// <summary>Creates a program.</summary>
    public PaddleProgram(PaddleProgramFormat format, string filePath, long version, IReadOnlyList<PaddleOp> ops,
        IReadOnlyDictionary<string, PaddleValue> values, IReadOnlyList<PaddleValue> inputs, IReadOnlyList<PaddleValue> outputs,
        IReadOnlyList<string> outputNames)
    {
        Format = format;
        FilePath = filePath;
        Version = version;
        Ops = ops;
        Values = values;
        Inputs = inputs;
        Outputs = outputs;
        OutputNames = outputNames;
        var parameters = new List<PaddleValue>();
        foreach (var value in values.Values)
        {
            if (value.Persistable)
            {
                parameters.Add(value);
            }
        }

        // The .pdiparams records are the persistable values sorted by name, byte-wise (format notes §1.3, §1.4).
        parameters.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        Parameters = parameters;
    }

    /// <summary>The program format.</summary>
    public PaddleProgramFormat Format { get; }

    /// <summary>The file the program was read from.</summary>
    public string FilePath { get; }

    /// <summary>The program version: the Paddle version number for ProgramDesc (e.g. 2002002), the PIR serialization version.</summary>
    public long Version { get; }

    /// <summary>The ops of the main block, in execution order (feed/fetch and PIR parameter ops included).</summary>
    public IReadOnlyList<PaddleOp> Ops { get; }

    /// <summary>Every tensor value by name.</summary>
    public IReadOnlyDictionary<string, PaddleValue> Values { get; }

    /// <summary>The model inputs, in feed order.</summary>
    public IReadOnlyList<PaddleValue> Inputs { get; }

    /// <summary>The values the model returns, in fetch order.</summary>
    public IReadOnlyList<PaddleValue> Outputs { get; }

    /// <summary>The names the predictor reports for <see cref="Outputs"/> (PIR: the fetch names; classic: the variable names).</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The parameters in <c>.pdiparams</c> record order (persistable values sorted by name, ordinal).</summary>
    public IReadOnlyList<PaddleValue> Parameters { get; }

    /// <summary>The total parameter bytes the <c>.pdiparams</c> payloads hold.</summary>
    public long ParameterBytes
    {
        get
        {
            long total = 0;
            foreach (var p in Parameters)
            {
                total += Math.Max(0, p.ElementCount) * PaddleVarTypes.SizeOf(p.DataType);
            }

            return total;
        }
    }

    /// <summary>Op types with their counts, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> OpCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var op in Ops)
        {
            counts[op.Type] = counts.GetValueOrDefault(op.Type) + 1;
        }

        var list = counts.ToList();
        list.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}

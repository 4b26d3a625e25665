namespace PaddleInferenceSharp.Models;

/// <summary>One operation of a Paddle program, in a form shared by the classic and PIR readers.</summary>
/// <remarks>
/// Classic ops keep their named slots (<c>Input</c>, <c>Filter</c>, ...). PIR ops have positional operands and
/// results, named <c>"0"</c>, <c>"1"</c>, ...; an absent optional operand is an empty list. Attribute values are
/// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="string"/> or arrays of those.
/// </remarks>
public sealed class PaddleOp
{
    /// <summary>Creates an op.</summary>
    public PaddleOp(string type, int index, IReadOnlyDictionary<string, IReadOnlyList<string>> inputs,
        IReadOnlyDictionary<string, IReadOnlyList<string>> outputs, IReadOnlyDictionary<string, object> attributes)
    {
        Type = type;
        Index = index;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>The op type: <c>conv2d</c> (classic) or the dialect-qualified PIR name, <c>pd_op.conv2d</c>.</summary>
    public string Type { get; }

    /// <summary>The position of the op in its block (0-based), for messages.</summary>
    public int Index { get; }

    /// <summary>Input slot (or operand position) to value names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Inputs { get; }

    /// <summary>Output slot (or result position) to value names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Outputs { get; }

    /// <summary>Attribute name to value.</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    /// <summary>The single value of a slot, or null when the slot is absent or empty.</summary>
    public string? Input(string slot) => Inputs.TryGetValue(slot, out var names) && names.Count > 0 ? names[0] : null;

    /// <summary>The single value of an output slot, or null.</summary>
    public string? Output(string slot) => Outputs.TryGetValue(slot, out var names) && names.Count > 0 ? names[0] : null;

    /// <summary>Whether the attribute is present.</summary>
    public bool Has(string name) => Attributes.ContainsKey(name);

    /// <summary>An integer attribute (int, long or bool), or the default.</summary>
    public long GetLong(string name, long defaultValue = 0) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        int i => i,
        long l => l,
        bool b => b ? 1 : 0,
        float f => (long)f,
        double d => (long)d,
        _ => defaultValue,
    } : defaultValue;

    /// <summary>A floating-point attribute, or the default.</summary>
    public double GetDouble(string name, double defaultValue = 0) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        float f => f,
        double d => d,
        int i => i,
        long l => l,
        _ => defaultValue,
    } : defaultValue;

    /// <summary>A boolean attribute, or the default.</summary>
    public bool GetBool(string name, bool defaultValue = false) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        bool b => b,
        int i => i != 0,
        long l => l != 0,
        _ => defaultValue,
    } : defaultValue;

    /// <summary>A string attribute, or the default.</summary>
    public string GetString(string name, string defaultValue = "") => Attributes.TryGetValue(name, out var v) && v is string s ? s : defaultValue;

    /// <summary>An integer-list attribute (int[] or long[]), or an empty array.</summary>
    public long[] GetLongs(string name) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        long[] l => l,
        int[] i => Array.ConvertAll(i, x => (long)x),
        int i => [i],
        long l => [l],
        _ => [],
    } : [];

    /// <summary>A float-list attribute (float[] or double[]), or an empty array.</summary>
    public double[] GetDoubles(string name) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        float[] f => Array.ConvertAll(f, x => (double)x),
        double[] d => d,
        long[] l => Array.ConvertAll(l, x => (double)x),
        int[] i => Array.ConvertAll(i, x => (double)x),
        _ => [],
    } : [];

    /// <inheritdoc />
    public override string ToString() => $"op #{Index} '{Type}'";
}

using System.Text.Json;

namespace PaddleInferenceSharp.Models;

/// <summary>
/// Reads a PIR program (<c>inference.json</c>, Paddle 3.x) into a <see cref="PaddleProgram"/>: compressed keys,
/// dialect-prefixed op/type/attribute ids, <c>builtin.parameter</c> ops (format notes §3).
/// </summary>
/// <remarks>
/// Value names: parameters keep their <c>parameter_name</c>, <c>pd_op.data</c> results their feed name, every
/// other result is <c>%id</c>. Only the top-level block is read; nested regions (control flow) are kept out of
/// <see cref="PaddleProgram.Ops"/> and reported by the converter. Thread-safe (stateless).
/// </remarks>
public static class PirProgramReader
{
    private static readonly string[] Dialects = ["builtin", "pd_op", "cf", "custom_op", "dist"];

    /// <summary>Reads an <c>inference.json</c> file.</summary>
    /// <exception cref="PaddleModelFormatException">The file is not PIR JSON or an op is malformed; the message names the op and what was expected.</exception>
    public static PaddleProgram Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        try
        {
            using var stream = File.OpenRead(full);
            using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
            return Parse(doc.RootElement, full);
        }
        catch (JsonException e)
        {
            throw new PaddleModelFormatException(
                $"'{full}' is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line: {e.Message} Expected a PIR program (inference.json).",
                full, null, e);
        }
        catch (IOException e)
        {
            throw new PaddleModelFormatException($"Cannot read the PIR program '{full}': {e.Message}", full, null, e);
        }
    }

    /// <summary>Parses a PIR program from JSON text; <paramref name="fileName"/> names the source in messages.</summary>
    /// <exception cref="PaddleModelFormatException">The JSON is not a PIR program.</exception>
    public static PaddleProgram Parse(string json, string fileName)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            return Parse(doc.RootElement, fileName);
        }
        catch (JsonException e)
        {
            throw new PaddleModelFormatException(
                $"'{fileName}' is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line: {e.Message}", fileName, null, e);
        }
    }

    private static PaddleProgram Parse(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("base_code", out var baseCode) ||
            !baseCode.TryGetProperty("magic", out var magic) || magic.GetString() != "pir")
        {
            throw new PaddleModelFormatException($"'{file}' is not a PIR program: expected a top-level object with base_code.magic = \"pir\".", file, 0);
        }

        long version = baseCode.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        if (!root.TryGetProperty("program", out var program) || !program.TryGetProperty("regions", out var regions) ||
            regions.GetArrayLength() == 0 || !regions[0].TryGetProperty("blocks", out var blocks) || blocks.GetArrayLength() == 0 ||
            !blocks[0].TryGetProperty("ops", out var opsJson) || opsJson.ValueKind != JsonValueKind.Array)
        {
            throw new PaddleModelFormatException($"'{file}': expected program.regions[0].blocks[0].ops (an array of ops).", file);
        }

        var state = new State(file);
        var index = 0;
        foreach (var opJson in opsJson.EnumerateArray())
        {
            state.Ops.Add(ReadOp(opJson, index++, state));
        }

        if (state.Inputs.Count == 0 || state.Outputs.Count == 0)
        {
            throw new PaddleModelFormatException(
                $"'{file}' has {state.Inputs.Count} pd_op.data and {state.Outputs.Count} pd_op.fetch ops; expected at least one of each.", file);
        }

        var outputs = state.Outputs.OrderBy(kv => kv.Key).ToList();
        return new PaddleProgram(PaddleProgramFormat.Pir, file, version, state.Ops, state.Values, state.Inputs,
            outputs.ConvertAll(kv => kv.Value.Value), outputs.ConvertAll(kv => kv.Value.Name));
    }

    private sealed class State(string file)
    {
        public string File { get; } = file;
        public List<PaddleOp> Ops { get; } = [];
        public Dictionary<string, PaddleValue> Values { get; } = new(StringComparer.Ordinal);
        public Dictionary<long, string> NameOfId { get; } = [];
        public List<PaddleValue> Inputs { get; } = [];
        public SortedDictionary<long, (string Name, PaddleValue Value)> Outputs { get; } = [];
    }

    private static PaddleOp ReadOp(JsonElement op, int index, State state)
    {
        if (op.ValueKind != JsonValueKind.Object || !op.TryGetProperty("#", out var idJson) || idJson.ValueKind != JsonValueKind.String)
        {
            throw Error(state, index, "?", "an op object with a \"#\" name");
        }

        var rawName = idJson.GetString()!;
        if (rawName == "p")
        {
            return ReadParameter(op, index, state);
        }

        var type = Decompress(rawName);
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        if (op.TryGetProperty("A", out var attrs))
        {
            foreach (var a in attrs.EnumerateArray())
            {
                if (!a.TryGetProperty("N", out var n) || !a.TryGetProperty("AT", out var at))
                {
                    throw Error(state, index, type, "attributes as {\"N\": name, \"AT\": value}");
                }

                var value = ReadAttribute(at, state, index, type);
                if (value is not null)
                {
                    attributes[n.GetString()!] = value;
                }
            }
        }

        var inputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (op.TryGetProperty("I", out var operands))
        {
            var position = 0;
            foreach (var operand in operands.EnumerateArray())
            {
                var id = operand.TryGetProperty("%", out var idValue) ? idValue.GetInt64() : 0;
                if (id == 0)
                {
                    inputs[position.ToString(System.Globalization.CultureInfo.InvariantCulture)] = [];
                }
                else if (state.NameOfId.TryGetValue(id, out var name))
                {
                    inputs[position.ToString(System.Globalization.CultureInfo.InvariantCulture)] = [name];
                }
                else
                {
                    throw Error(state, index, type, $"operand {position} (value %{id}) to be defined by an earlier op");
                }

                position++;
            }
        }

        var outputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (op.TryGetProperty("O", out var results))
        {
            var position = 0;
            foreach (var result in results.EnumerateArray())
            {
                var id = result.GetProperty("%").GetInt64();
                var name = type == "pd_op.data" && position == 0 && attributes.TryGetValue("name", out var feed) && feed is string s
                    ? s
                    : "%" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var (dtype, dims) = result.TryGetProperty("TT", out var tt) ? ReadType(tt, state, index, type) : (PaddleVarType.Float32, []);
                state.NameOfId[id] = name;
                state.Values[name] = new PaddleValue(name, dtype, dims, false);
                outputs[position.ToString(System.Globalization.CultureInfo.InvariantCulture)] = [name];
                position++;
            }
        }

        var built = new PaddleOp(type, index, inputs, outputs, attributes);
        if (type == "pd_op.data")
        {
            state.Inputs.Add(state.Values[built.Output("0") ?? throw Error(state, index, type, "one result (the model input)")]);
        }
        else if (type == "pd_op.fetch")
        {
            var operand = built.Input("0") ?? throw Error(state, index, type, "one operand (the model output)");
            state.Outputs[built.GetLong("col")] = (built.GetString("name", operand), state.Values[operand]);
        }

        return built;
    }

    private static PaddleOp ReadParameter(JsonElement op, int index, State state)
    {
        const string type = "builtin.parameter";
        if (!op.TryGetProperty("A", out var attrs) || attrs.GetArrayLength() < 4 || attrs[3].ValueKind != JsonValueKind.String ||
            !op.TryGetProperty("O", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw Error(state, index, type, "\"A\": [is_distributed, is_parameter, need_clip, parameter_name] and \"O\": {\"%\": id, \"TT\": type}");
        }

        var name = attrs[3].GetString()!;
        var id = result.GetProperty("%").GetInt64();
        var (dtype, dims) = ReadType(result.GetProperty("TT"), state, index, type);
        // OA = [persistable, stop_gradient, trainable]; persistable defaults to 1 when absent (format notes §3.5).
        var persistable = !op.TryGetProperty("OA", out var oa) || oa.GetArrayLength() == 0 || oa[0].GetInt32() != 0;
        if (state.Values.ContainsKey(name))
        {
            throw Error(state, index, type, $"a unique parameter_name, but '{name}' is declared twice");
        }

        state.NameOfId[id] = name;
        state.Values[name] = new PaddleValue(name, dtype, dims, persistable);
        return new PaddleOp(type, index, new Dictionary<string, IReadOnlyList<string>>(),
            new Dictionary<string, IReadOnlyList<string>> { ["0"] = [name] },
            new Dictionary<string, object> { ["parameter_name"] = name });
    }

    private static (PaddleVarType, long[]) ReadType(JsonElement type, State state, int index, string opType)
    {
        var id = type.TryGetProperty("#", out var idJson) ? idJson.GetString() ?? "" : "";
        var shortId = StripDialect(id);
        switch (shortId)
        {
            case "t_dtensor":
            case "t_dtensor_array":
            case "t_selected_rows":
            {
                var data = type.GetProperty("D");
                var elem = StripDialect(data[0].GetProperty("#").GetString() ?? "");
                var dtype = PaddleVarTypes.FromPirName(elem) ?? throw Error(state, index, opType, $"a known element type, found '{elem}'");
                var dims = data[1].EnumerateArray().Select(d => d.GetInt64()).ToArray();
                return (dtype, dims);
            }
            case "t_vec":
                // A vector of values (builtin.combine); its element types live on the combined values.
                return (PaddleVarType.Float32, []);
            case "NULL":
            case "":
                return (PaddleVarType.Float32, []);
            default:
                var scalar = PaddleVarTypes.FromPirName(shortId);
                if (scalar is not null)
                {
                    return (scalar.Value, []);
                }

                throw Error(state, index, opType, $"a dense tensor or vector type, found '{id}'");
        }
    }

    private static object? ReadAttribute(JsonElement at, State state, int index, string opType)
    {
        var id = at.TryGetProperty("#", out var idJson) ? idJson.GetString() ?? "" : "";
        var hasData = at.TryGetProperty("D", out var d);
        switch (StripDialect(id))
        {
            case "a_bool": return d.GetBoolean();
            case "a_f32": return hasData ? (float)d.GetDouble() : SpecialFloat(at);
            case "a_f64": return hasData ? d.GetDouble() : SpecialFloat(at);
            case "a_i32": return d.GetInt32();
            case "a_i64":
            case "a_index": return d.GetInt64();
            case "a_str":
            case "a_tensorname":
            case "a_dtype":
            case "a_layout": return d.GetString();
            case "a_intarray": return d.EnumerateArray().Select(x => x.GetInt64()).ToArray();
            case "a_place": return d.ToString();
            case "a_scalar": return d.GetArrayLength() > 1 && d[1].ValueKind == JsonValueKind.Number ? d[1].GetDouble() : d.GetArrayLength() > 1 && d[1].ValueKind is JsonValueKind.True or JsonValueKind.False ? d[1].GetBoolean() : 0.0;
            case "a_type": return d.ToString();
            case "a_array": return ReadArray(d, state, index, opType);
            case "a_pointer":
            case "a_c64":
            case "a_c128":
            case "NULL": return null;
            default: throw Error(state, index, opType, $"a known attribute type, found '{id}'");
        }
    }

    private static object ReadArray(JsonElement items, State state, int index, string opType)
    {
        var values = new List<object?>();
        foreach (var item in items.EnumerateArray())
        {
            values.Add(ReadAttribute(item, state, index, opType));
        }

        if (values.Count == 0)
        {
            return Array.Empty<long>();
        }

        return values[0] switch
        {
            int => values.Select(x => (int)x!).ToArray(),
            long => values.Select(x => (long)x!).ToArray(),
            float => values.Select(x => (float)x!).ToArray(),
            double => values.Select(x => (double)x!).ToArray(),
            bool => values.Select(x => (bool)x!).ToArray(),
            string => values.Select(x => (string)x!).ToArray(),
            _ => values.ToArray(),
        };
    }

    private static object SpecialFloat(JsonElement at) =>
        at.TryGetProperty("VD", out var vd) ? vd.GetString() switch
        {
            "NaN" => double.NaN,
            "INF" => double.PositiveInfinity,
            "-INF" => double.NegativeInfinity,
            _ => 0.0,
        } : 0.0;

    private static string Decompress(string id)
    {
        var dot = id.IndexOf('.');
        if (dot > 0 && int.TryParse(id.AsSpan(0, dot), out var dialect) && dialect >= 0 && dialect < Dialects.Length)
        {
            return Dialects[dialect] + id[dot..];
        }

        return id;
    }

    private static string StripDialect(string id)
    {
        var dot = id.IndexOf('.');
        return dot >= 0 ? id[(dot + 1)..] : id;
    }

    private static PaddleModelFormatException Error(State state, int index, string opType, string expected) =>
        new($"'{state.File}': op #{index} ('{opType}') is malformed; expected {expected}.", state.File);
}

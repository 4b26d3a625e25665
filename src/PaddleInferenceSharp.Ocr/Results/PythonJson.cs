using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PaddleInferenceSharp.Ocr.Results;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps</c> does (PaddleX's <c>save_to_json</c> and <c>print(format_json=True)</c>):
/// <c>indent</c> puts every element on its own line, floats use Python's <c>repr</c> (<c>2.0</c>, <c>1e-05</c>),
/// and with <c>ensure_ascii=False</c> only quotes, backslashes and control characters are escaped.
/// </summary>
internal static class PythonJson
{
    /// <summary>Serializes <paramref name="node"/>.</summary>
    /// <param name="node">The value; integers must be stored as int/long, floats as float/double.</param>
    /// <param name="indent">Spaces per level, or null for one line with <c>", "</c> and <c>": "</c> separators.</param>
    /// <param name="ensureAscii">Escape every non-ASCII character as <c>\uXXXX</c> (Python's default).</param>
    public static string Serialize(JsonNode? node, int? indent = 4, bool ensureAscii = false)
    {
        var sb = new StringBuilder();
        Write(sb, node, indent, ensureAscii, 0);
        return sb.ToString();
    }

    /// <summary>Formats a double as Python's <c>repr(float)</c>.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // Shortest round-trip digits and the decimal point position, from .NET's "E16"-free shortest form.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = r[..e];
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = r;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // value = 0.d1d2... x 10^decpt
        var decpt = intPart.Length - leadingZeros + exponent;
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }

        if (decpt <= -4 || decpt > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            sb.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt >= digits.Length)
        {
            sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }

        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, int? indent, bool ensureAscii, int level)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                sb.Append('{');
                var firstProperty = true;
                foreach (var (key, value) in obj)
                {
                    Separator(sb, indent, level + 1, ref firstProperty);
                    WriteString(sb, key, ensureAscii);
                    sb.Append(": ");
                    Write(sb, value, indent, ensureAscii, level + 1);
                }

                Close(sb, indent, level, '}');
                break;
            case JsonArray array:
                if (array.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append('[');
                var firstItem = true;
                foreach (var item in array)
                {
                    Separator(sb, indent, level + 1, ref firstItem);
                    Write(sb, item, indent, ensureAscii, level + 1);
                }

                Close(sb, indent, level, ']');
                break;
            case JsonValue value:
                WriteValue(sb, value, ensureAscii);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value, bool ensureAscii)
    {
        if (value.TryGetValue<string>(out var s))
        {
            WriteString(sb, s, ensureAscii);
        }
        else if (value.TryGetValue<bool>(out var b))
        {
            sb.Append(b ? "true" : "false");
        }
        else if (value.TryGetValue<int>(out var i))
        {
            sb.Append(i.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<long>(out var l))
        {
            sb.Append(l.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<short>(out var sh))
        {
            sb.Append(sh.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<float>(out var f))
        {
            sb.Append(FormatFloat(f));
        }
        else if (value.TryGetValue<double>(out var d))
        {
            sb.Append(FormatFloat(d));
        }
        else
        {
            throw new NotSupportedException($"Cannot write a JSON value of kind {value.GetValueKind()} as Python would.");
        }
    }

    private static void Separator(StringBuilder sb, int? indent, int level, ref bool first)
    {
        if (!first)
        {
            sb.Append(indent is null ? ", " : ",");
        }

        if (indent is not null)
        {
            sb.Append('\n').Append(' ', indent.Value * level);
        }

        first = false;
    }

    private static void Close(StringBuilder sb, int? indent, int level, char bracket)
    {
        if (indent is not null)
        {
            sb.Append('\n').Append(' ', indent.Value * level);
        }

        sb.Append(bracket);
    }

    private static void WriteString(StringBuilder sb, string s, bool ensureAscii)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7E))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}

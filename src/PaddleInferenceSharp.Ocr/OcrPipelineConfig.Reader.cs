using System.Globalization;
using PaddleInferenceSharp.Ocr.Modules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Ocr;

public static partial class OcrPipelineConfig
{
    /// <summary>Typed access to YAML values with errors that name the file, the key and the line.</summary>
    private sealed partial class Reader(string source)
    {
        public bool Has(YamlMappingNode? parent, string key) => Get(parent, key) is not null;

        public int? PositiveInt(YamlMappingNode? parent, string key) => Int(parent, key) switch
        {
            null => null,
            > 0 and var n => n,
            _ => throw Error(Get(parent, key)!, key, "a positive integer"),
        };

        /// <summary>A mapping as data (hpi_config): scalars typed as PaddleX's YAML loader (PyYAML) types them.</summary>
        public IReadOnlyDictionary<string, object?>? Mapping(YamlMappingNode parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlScalarNode s when IsNull(s) => null,
                YamlMappingNode map => ToDictionary(map),
                _ => throw Error(node, key, "a mapping"),
            };
        }

        /// <summary>True when <paramref name="text"/> written unquoted reads back as that string.</summary>
        public static bool IsPlainString(string text) =>
            PlainWord().IsMatch(text) && Scalar(text) is string;

        private IReadOnlyDictionary<string, object?> ToDictionary(YamlMappingNode map)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                if (key is not YamlScalarNode { Value: { } name })
                {
                    throw new OcrConfigurationException($"Pipeline configuration '{source}', line {key.Start.Line}: mapping keys must be strings, not '{key}'.");
                }

                values[name] = Value(value);
            }

            return values.AsReadOnly();
        }

        private object? Value(YamlNode node) => node switch
        {
            YamlMappingNode map => ToDictionary(map),
            YamlSequenceNode seq => seq.Children.Select(Value).ToList().AsReadOnly(),
            YamlScalarNode { Style: ScalarStyle.Plain } s => Scalar(s.Value ?? string.Empty),
            YamlScalarNode s => s.Value ?? string.Empty,
            _ => node.ToString(),
        };

        private static bool IsNull(YamlScalarNode s) => s.Style == ScalarStyle.Plain && s.Value is null or "" or "null" or "Null" or "NULL" or "~";

        // PyYAML's (YAML 1.1) resolution of plain scalars: null, booleans (also yes/no/on/off), decimal integers,
        // floats with a dot (1e5 without one stays a string), .inf and .nan; anything else is a string.
        private static object? Scalar(string text)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                    return true;
                case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                    return false;
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                    return double.PositiveInfinity;
                case "-.inf" or "-.Inf" or "-.INF":
                    return double.NegativeInfinity;
                case ".nan" or ".NaN" or ".NAN":
                    return double.NaN;
            }

            var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
            if (DecimalInteger().IsMatch(text) && long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            if (DotFloat().IsMatch(text) && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return real;
            }

            return text;
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
        private static partial System.Text.RegularExpressions.Regex DecimalInteger();

        [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$")]
        private static partial System.Text.RegularExpressions.Regex DotFloat();

        [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-/]*$")]
        private static partial System.Text.RegularExpressions.Regex PlainWord();

        public YamlMappingNode? Map(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlMappingNode map => map,
                YamlScalarNode { Value: null or "" or "null" or "~" } => null,
                _ => throw Error(node, key, "a mapping"),
            };
        }

        public string? String(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            return node switch
            {
                null => null,
                YamlScalarNode s when s.Style == ScalarStyle.Plain && s.Value is null or "" or "null" or "Null" or "NULL" or "~" => null,
                YamlScalarNode s => s.Value,
                _ => throw Error(node, key, "a string"),
            };
        }

        public bool? Bool(YamlMappingNode? parent, string key) => String(parent, key) switch
        {
            null => null,
            "True" or "true" or "TRUE" => true,
            "False" or "false" or "FALSE" => false,
            _ => throw Error(Get(parent, key)!, key, "True or False"),
        };

        public int? Int(YamlMappingNode? parent, string key)
        {
            var text = String(parent, key);
            return text is null ? null
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw Error(Get(parent, key)!, key, "an integer");
        }

        public double? Double(YamlMappingNode? parent, string key)
        {
            var text = String(parent, key);
            return text is null ? null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw Error(Get(parent, key)!, key, "a number");
        }

        public (int Height, int Width)? Shape(YamlMappingNode? parent, string key)
        {
            var node = Get(parent, key);
            if (node is null || node is YamlScalarNode { Value: null or "" or "null" or "~" })
            {
                return null;
            }

            if (node is YamlSequenceNode { Children.Count: 3 } seq
                && seq.Children.All(c => c is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                var values = seq.Children.Select(c => int.Parse(((YamlScalarNode)c).Value!, CultureInfo.InvariantCulture)).ToArray();
                return (values[1], values[2]);
            }

            throw Error(node, key, "a [C, H, W] list of integers");
        }

        public LimitType LimitType(string value)
        {
            try
            {
                return LimitTypes.Parse(value);
            }
            catch (ArgumentException ex)
            {
                throw new OcrConfigurationException($"Pipeline configuration '{source}': {ex.Message}", ex);
            }
        }

        public Modules.ScoreMode ScoreMode(string value) => value switch
        {
            "fast" => Modules.ScoreMode.Fast,
            "slow" => Modules.ScoreMode.Slow,
            _ => throw new OcrConfigurationException($"Pipeline configuration '{source}': score_mode '{value}' must be 'fast' or 'slow'."),
        };

        private static YamlNode? Get(YamlMappingNode? parent, string key) =>
            parent is not null && parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private OcrConfigurationException Error(YamlNode node, string key, string expected) =>
            new($"Pipeline configuration '{source}', line {node.Start.Line}: '{key}' must be {expected}, not '{node}'.");
    }
}

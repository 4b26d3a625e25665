using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Ocr;
using PaddleInferenceSharp.Ocr.Modules;
using PaddleInferenceSharp.TestSupport;
using YamlDotNet.RepresentationModel;

namespace PaddleInferenceSharp.Cli.Tests;

/// <summary>
/// The README's parameter table (PaddleX name, CLI flag, C# option, pipeline YAML key, default) against the code: each
/// flag is in the CLI's help, each default is <see cref="OcrPipelineOptions"/>'s, and each YAML key writes and reads
/// back a changed value of its option.
/// </summary>
public sealed partial class ParameterTableTests
{
    private sealed record Row(string PaddleX, string? Flag, string Property, string? YamlKey, string Default);

    private static readonly Lazy<IReadOnlyList<Row>> Table = new(ReadTable);

    private static IReadOnlyList<Row> ReadTable()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("<!-- parameter-table:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- parameter-table:end -->", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0).And.LessThan(end), "README.md has no parameter table between its markers");
        var rows = new List<Row>();
        foreach (var line in readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
            Assert.That(cells, Has.Length.EqualTo(5), line);
            rows.Add(new Row(Code(cells[0])!, Code(cells[1]), Code(cells[2])!, Code(cells[3]), Code(cells[4])!));
        }

        return rows;
    }

    // The first `code` span of a cell; null for "–".
    private static string? Code(string cell) => CodeSpan().Match(cell) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [Test]
    public void The_table_covers_the_pipeline_parameters()
    {
        var names = Table.Value.Select(r => r.PaddleX).ToArray();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.SupersetOf(new[] { "use_doc_orientation_classify", "text_det_limit_side_len", "text_rec_score_thresh", "device", "cpu_threads", "enable_mkldnn", "precision", "use_tensorrt", "use_hpip", "hpi_config", "lang", "ocr_version" }));
    }

    [Test]
    public void Every_flag_is_one_the_CLI_takes()
    {
        var (_, help, _) = CliRunner.Run("--help");
        var (_, serveHelp, _) = CliRunner.Run("serve", "--help");
        var missing = Table.Value.Where(r => r.Flag is { } flag && !Regex.IsMatch(help + serveHelp, $@"(^|[\s,]){Regex.Escape(flag)}([\s,<]|$)", RegexOptions.Multiline)).Select(r => r.Flag).ToArray();
        Assert.That(missing, Is.Empty, "flags in the README's table that paddlex-sharp --help does not list");
    }

    [Test]
    public void Every_default_is_the_options_default()
    {
        var defaults = new OcrPipelineOptions();
        Assert.Multiple(() =>
        {
            foreach (var row in Table.Value)
            {
                Assert.That(Same(Get(defaults, row.Property), row.Default), Is.True, $"{row.PaddleX}: the table says {row.Default}, {row.Property} is {Format(Get(defaults, row.Property))}");
            }
        });
    }

    [Test]
    public void Every_yaml_key_writes_and_reads_back_its_option()
    {
        Assert.Multiple(() =>
        {
            foreach (var row in Table.Value.Where(r => r.YamlKey is not null))
            {
                var probe = Probe(Get(new OcrPipelineOptions(), row.Property), row.Property);
                var options = (OcrPipelineOptions)Set(new OcrPipelineOptions(), row.Property, probe);
                var yaml = OcrPipelineConfig.ToYaml(options);
                var node = Find(yaml, row.YamlKey!);
                Assert.That(node, Is.Not.Null, $"{row.PaddleX}: {row.YamlKey} is not in the YAML written for {row.Property} = {Format(probe)}:\n{yaml}");
                if (node is null)
                {
                    continue;
                }

                var read = Get(OcrPipelineConfig.Parse(yaml, "parameter table"), row.Property);
                if (probe is IReadOnlyDictionary<string, object?> dictionary)
                {
                    Assert.That(((YamlMappingNode)node).Children[new YamlScalarNode("backend")].ToString(), Is.EqualTo(dictionary["backend"]), row.PaddleX);
                    Assert.That(((IReadOnlyDictionary<string, object?>)read!)["backend"], Is.EqualTo(dictionary["backend"]), row.PaddleX);
                    continue;
                }

                Assert.That(Same(probe, node.ToString()), Is.True, $"{row.PaddleX}: {row.YamlKey} was written as {node}, not {Format(probe)}");
                Assert.That(Format(read), Is.EqualTo(Format(probe)), $"{row.PaddleX}: {row.YamlKey} was read back as {Format(read)}");
            }
        });
    }

    private static object? Get(object target, string path)
    {
        object? value = target;
        foreach (var name in path.Split('.'))
        {
            var property = value!.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            Assert.That(property, Is.Not.Null, $"{value.GetType().Name} has no public property {name} ({path})");
            value = property!.GetValue(value);
        }

        return value;
    }

    // A copy of the record with the property at path set (records' init setters are callable through reflection).
    private static object Set(object target, string path, object? value)
    {
        var dot = path.IndexOf('.');
        var name = dot < 0 ? path : path[..dot];
        var property = target.GetType().GetProperty(name)!;
        var copy = target.GetType().GetMethod("<Clone>$")!.Invoke(target, null)!;
        property.SetValue(copy, dot < 0 ? value : Set(property.GetValue(target)!, path[(dot + 1)..], value));
        return copy;
    }

    // A value other than the default, of the property's type.
    private static object? Probe(object? value, string path) => value switch
    {
        bool b => !b,
        int i => i + 1,
        double d => d + 0.125,
        LimitType t => t == LimitType.Min ? LimitType.Max : LimitType.Min,
        null when path.EndsWith("ModelDir", StringComparison.Ordinal) => "/probe/models/dir",
        null when path == nameof(OcrPipelineOptions.HpiConfig) => new Dictionary<string, object?> { ["backend"] = "onnxruntime" },
        null or string => "probe_model_name",
        _ => throw new AssertionException($"no probe value for {path} ({value.GetType().Name})"),
    };

    private static string Format(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        LimitType t => LimitTypes.Format(t),
        InferencePrecision p => InferencePrecisions.Format(p),
        InferenceEngineKind k => InferenceEngines.NameOf(k),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    };

    private static bool Same(object? value, string text) => value is double d
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == d
        : string.Equals(Format(value), text, value is bool ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
          || (value is null && text is "null" or "~");

    private static YamlNode? Find(string yaml, string dottedKey)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        YamlNode node = stream.Documents[0].RootNode;
        foreach (var key in dottedKey.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }
}

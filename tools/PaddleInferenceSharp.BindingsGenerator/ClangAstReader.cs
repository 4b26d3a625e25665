using System.Diagnostics;
using System.Text.Json;

namespace PaddleInferenceSharp.BindingsGenerator;

/// <summary>
/// Reads the declarations of a C header from clang's JSON AST (<c>clang -Xclang -ast-dump=json -fsyntax-only</c>).
/// Only names with the API's prefix are kept, so system headers included by it are ignored.
/// </summary>
public static class ClangAstReader
{
    /// <summary>Runs clang on <paramref name="headerPath"/> and reads the declarations whose names start with <paramref name="prefix"/>.</summary>
    /// <param name="headerPath">The C header.</param>
    /// <param name="prefix">Name prefix of the API, e.g. <c>PD_</c>.</param>
    /// <param name="clang">The clang executable.</param>
    /// <param name="includeDirectories">Extra include directories.</param>
    /// <exception cref="InvalidOperationException">clang failed or is missing.</exception>
    public static CDeclarations ReadHeader(string headerPath, string prefix, string clang = "clang", IReadOnlyList<string>? includeDirectories = null)
    {
        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-x", "c", "-Xclang", "-ast-dump=json", "-fsyntax-only" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var dir in includeDirectories ?? [])
        {
            start.ArgumentList.Add("-I" + dir);
        }

        start.ArgumentList.Add(headerPath);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{clang}'.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var json = JsonDocument.Parse(process.StandardOutput.BaseStream);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{clang}' failed on '{headerPath}' (exit code {process.ExitCode}): {stderr.Result}");
        }

        return Read(json.RootElement, prefix);
    }

    /// <summary>Reads the declarations from a parsed AST (the <c>TranslationUnitDecl</c> node).</summary>
    public static CDeclarations Read(JsonElement translationUnit, string prefix)
    {
        var functions = new List<CFunction>();
        var structs = new List<CStruct>();
        var opaque = new HashSet<string>(StringComparer.Ordinal);
        var typedefs = new Dictionary<string, string>(StringComparer.Ordinal);
        var constants = new List<CEnumConstant>();
        var seenFunctions = new HashSet<string>(StringComparer.Ordinal);

        foreach (var node in translationUnit.GetProperty("inner").EnumerateArray())
        {
            var kind = node.GetProperty("kind").GetString();
            var name = node.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
            switch (kind)
            {
                case "TypedefDecl":
                    typedefs[name] = QualType(node);
                    break;
                case "FunctionDecl" when name.StartsWith(prefix, StringComparison.Ordinal) && seenFunctions.Add(name):
                    functions.Add(ReadFunction(node, name));
                    break;
                case "RecordDecl" when name.StartsWith(prefix, StringComparison.Ordinal):
                    if (node.TryGetProperty("completeDefinition", out var complete) && complete.GetBoolean())
                    {
                        structs.RemoveAll(s => s.Name == name);
                        structs.Add(new CStruct(name, Children(node, "FieldDecl").Select(f => new CField(f.GetProperty("name").GetString()!, QualType(f))).ToArray()));
                        opaque.Remove(name);
                    }
                    else if (structs.All(s => s.Name != name))
                    {
                        opaque.Add(name);
                    }

                    break;
                case "EnumDecl":
                    ReadEnum(node, prefix, constants);
                    break;
            }
        }

        return new CDeclarations(functions, structs, opaque, typedefs, constants);
    }

    private static CFunction ReadFunction(JsonElement node, string name)
    {
        var type = QualType(node);
        var returnType = type[..type.IndexOf('(', StringComparison.Ordinal)].Trim();
        var parameters = Children(node, "ParmVarDecl")
            .Select((p, i) => new CParameter(p.TryGetProperty("name", out var pn) ? pn.GetString()! : $"arg{i}", QualType(p)))
            .ToArray();
        return new CFunction(name, returnType, parameters);
    }

    private static void ReadEnum(JsonElement node, string prefix, List<CEnumConstant> constants)
    {
        long next = 0;
        foreach (var constant in Children(node, "EnumConstantDecl"))
        {
            var value = next;
            if (constant.TryGetProperty("inner", out var inner))
            {
                foreach (var expr in inner.EnumerateArray())
                {
                    if (expr.TryGetProperty("value", out var v))
                    {
                        value = long.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }

            var name = constant.GetProperty("name").GetString()!;
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                constants.Add(new CEnumConstant(name, value));
            }

            next = value + 1;
        }
    }

    private static IEnumerable<JsonElement> Children(JsonElement node, string kind)
    {
        if (!node.TryGetProperty("inner", out var inner))
        {
            yield break;
        }

        foreach (var child in inner.EnumerateArray())
        {
            if (child.GetProperty("kind").GetString() == kind)
            {
                yield return child;
            }
        }
    }

    private static string QualType(JsonElement node) => node.GetProperty("type").GetProperty("qualType").GetString()!;
}

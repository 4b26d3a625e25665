namespace PaddleInferenceSharp.BindingsGenerator;

/// <summary>
/// Maps C types (as clang spells them) to blittable C# types: fixed-width integers to their C# equivalents,
/// <c>size_t</c> to <c>nuint</c>, pointers to opaque structs to <c>nint</c>, other pointers to C# pointers,
/// typedefs (e.g. <c>PD_Bool</c> = <c>int8_t</c>, enums = <c>int32_t</c>) to what they name.
/// </summary>
public sealed class CSharpTypeMapper(CDeclarations declarations)
{
    private static readonly Dictionary<string, string> Builtins = new(StringComparer.Ordinal)
    {
        ["void"] = "void",
        ["char"] = "byte",
        ["signed char"] = "sbyte",
        ["unsigned char"] = "byte",
        ["short"] = "short",
        ["unsigned short"] = "ushort",
        ["int"] = "int",
        ["unsigned int"] = "uint",
        ["long long"] = "long",
        ["unsigned long long"] = "ulong",
        ["float"] = "float",
        ["double"] = "double",
        ["size_t"] = "nuint",
        ["int8_t"] = "sbyte",
        ["uint8_t"] = "byte",
        ["int16_t"] = "short",
        ["uint16_t"] = "ushort",
        ["int32_t"] = "int",
        ["uint32_t"] = "uint",
        ["int64_t"] = "long",
        ["uint64_t"] = "ulong",
    };

    /// <summary>The C# type of <paramref name="cType"/>.</summary>
    /// <exception cref="NotSupportedException">The type has no blittable mapping (e.g. <c>long</c>, whose size differs between platforms).</exception>
    public string Map(string cType)
    {
        var text = cType.Trim();
        var pointers = 0;
        while (true)
        {
            text = StripConst(text);
            if (text.EndsWith('*'))
            {
                pointers++;
                text = text[..^1];
                continue;
            }

            break;
        }

        if (text.StartsWith("struct ", StringComparison.Ordinal))
        {
            text = text["struct ".Length..].Trim();
        }

        string baseType;
        if (Builtins.TryGetValue(text, out var builtin))
        {
            baseType = builtin;
        }
        else if (declarations.Structs.Any(s => s.Name == text))
        {
            baseType = text;
        }
        else if (declarations.OpaqueStructs.Contains(text))
        {
            if (pointers == 0)
            {
                throw new NotSupportedException($"The opaque struct '{text}' is used by value.");
            }

            // A pointer to an opaque object is a handle.
            baseType = "nint";
            pointers--;
        }
        else if (declarations.Typedefs.TryGetValue(text, out var named) && named != text)
        {
            baseType = Map(named);
        }
        else
        {
            throw new NotSupportedException($"C type '{cType}' has no C# mapping.");
        }

        return baseType + new string('*', pointers);
    }

    private static string StripConst(string text)
    {
        text = text.Trim();
        if (text.StartsWith("const ", StringComparison.Ordinal))
        {
            text = text["const ".Length..].Trim();
        }

        if (text.EndsWith(" const", StringComparison.Ordinal))
        {
            text = text[..^" const".Length].Trim();
        }

        return text;
    }
}

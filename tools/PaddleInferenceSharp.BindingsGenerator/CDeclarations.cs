namespace PaddleInferenceSharp.BindingsGenerator;

/// <summary>A C function parameter: its name and its C type as clang spells it.</summary>
public sealed record CParameter(string Name, string CType);

/// <summary>A C function declaration.</summary>
public sealed record CFunction(string Name, string ReturnCType, IReadOnlyList<CParameter> Parameters);

/// <summary>A field of a C struct.</summary>
public sealed record CField(string Name, string CType);

/// <summary>A C struct with a complete definition.</summary>
public sealed record CStruct(string Name, IReadOnlyList<CField> Fields);

/// <summary>A named constant of a C enum (named or anonymous).</summary>
public sealed record CEnumConstant(string Name, long Value);

/// <summary>The declarations of one C API read from a header, in declaration order.</summary>
/// <param name="Functions">Function declarations.</param>
/// <param name="Structs">Structs with a complete definition.</param>
/// <param name="OpaqueStructs">Structs declared but never defined (handles).</param>
/// <param name="Typedefs">Typedef name to the C type it names.</param>
/// <param name="EnumConstants">Enum constants.</param>
public sealed record CDeclarations(
    IReadOnlyList<CFunction> Functions,
    IReadOnlyList<CStruct> Structs,
    IReadOnlySet<string> OpaqueStructs,
    IReadOnlyDictionary<string, string> Typedefs,
    IReadOnlyList<CEnumConstant> EnumConstants);

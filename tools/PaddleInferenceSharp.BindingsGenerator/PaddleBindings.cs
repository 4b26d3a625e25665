namespace PaddleInferenceSharp.BindingsGenerator;

/// <summary>The generator's settings for the Paddle Inference C API.</summary>
public static class PaddleBindings
{
    /// <summary>The project's own declaration header, relative to the repository root.</summary>
    public const string DefaultHeader = "native/include/paddle_inference_c_declarations.h";

    /// <summary>Where the generated files go, relative to the repository root.</summary>
    public const string DefaultOutputDirectory = "bindings/PaddleInferenceSharp.Bindings/Paddle";

    /// <summary>Reads <paramref name="headerPath"/> with clang and returns the generated files (name to content).</summary>
    /// <param name="headerPath">The C header.</param>
    /// <param name="sourceDescription">How the header is named in the generated files (a repository-relative path).</param>
    /// <param name="clang">The clang executable.</param>
    public static IReadOnlyDictionary<string, string> Generate(string headerPath, string sourceDescription, string clang = "clang")
    {
        var declarations = ClangAstReader.ReadHeader(headerPath, "PD_", clang);
        return new CSharpBindingsWriter("PaddleInferenceSharp.Bindings.Paddle", "PaddleNative", "paddle_inference_c", sourceDescription)
            .Write(declarations);
    }
}

using System.Text.Json;
using PaddleInferenceSharp.BindingsGenerator;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.BindingsGenerator.Tests;

/// <summary>The committed bindings equal what the generator makes from the declaration header; type mapping rules.</summary>
public sealed class BindingsGeneratorTests
{
    private static bool HasClang()
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("clang", "--version") { RedirectStandardOutput = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [Test]
    public void Committed_bindings_are_not_stale()
    {
        if (!HasClang())
        {
            TestPaths.MissingPrerequisite("clang is not installed (apt package clang, installed by scripts/setup.sh).");
        }

        var root = TestPaths.RepositoryRoot;
        var files = PaddleBindings.Generate(Path.Combine(root, PaddleBindings.DefaultHeader), PaddleBindings.DefaultHeader);
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "PaddleNative.g.cs", "PaddleNativeStructs.g.cs", "PaddleNativeConstants.g.cs" }));
        foreach (var (name, content) in files)
        {
            var committed = File.ReadAllText(Path.Combine(root, PaddleBindings.DefaultOutputDirectory, name));
            Assert.That(committed, Is.EqualTo(content), $"{name} is stale: run scripts/generate-paddle-bindings");
        }
    }

    [Test]
    public void Headers_in_Paddles_macro_style_are_read_too()
    {
        if (!HasClang())
        {
            TestPaths.MissingPrerequisite("clang is not installed (apt package clang, installed by scripts/setup.sh).");
        }

        // The upstream headers declare enums through a macro that yields a typedef plus an anonymous enum, and mark
        // ownership with empty annotation macros; this header is written in that style (not copied).
        var dir = TestPaths.NewTempDirectory("macro-header");
        try
        {
            var header = Path.Combine(dir, "style.h");
            File.WriteAllText(header, """
                #include <stdint.h>
                #include <stddef.h>
                #define MY_EXPORT __attribute__((visibility("default")))
                #define MY_ENUM(type) typedef int32_t type; enum
                #define __give
                typedef int8_t PD_Bool;
                MY_ENUM(PD_Kind) { PD_KIND_A = 0, PD_KIND_B, PD_KIND_C = 7 };
                typedef struct PD_Thing PD_Thing;
                typedef struct PD_List { size_t size; PD_Kind* kinds; } PD_List;
                MY_EXPORT __give PD_List* PD_ThingKinds(PD_Thing* thing, PD_Bool all);
                """);
            var declarations = ClangAstReader.ReadHeader(header, "PD_");
            var files = new CSharpBindingsWriter("N", "Native", "lib", "style.h").Write(declarations);
            Assert.Multiple(() =>
            {
                Assert.That(declarations.EnumConstants, Is.EqualTo(new[] { new CEnumConstant("PD_KIND_A", 0), new CEnumConstant("PD_KIND_B", 1), new CEnumConstant("PD_KIND_C", 7) }));
                Assert.That(files["Native.g.cs"], Does.Contain("public static partial PD_List* PD_ThingKinds(nint thing, sbyte all);"));
                Assert.That(files["NativeStructs.g.cs"], Does.Contain("public int* kinds;"));
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void C_types_map_to_blittable_CSharp_types()
    {
        using var ast = JsonDocument.Parse("""
            {"kind":"TranslationUnitDecl","inner":[
              {"kind":"TypedefDecl","name":"PD_Bool","type":{"qualType":"int8_t"}},
              {"kind":"TypedefDecl","name":"PD_DataType","type":{"qualType":"int32_t"}},
              {"kind":"RecordDecl","name":"PD_Handle","tagUsed":"struct"},
              {"kind":"TypedefDecl","name":"PD_Handle","type":{"qualType":"struct PD_Handle"}},
              {"kind":"RecordDecl","name":"PD_Pair","tagUsed":"struct","completeDefinition":true,"inner":[
                {"kind":"FieldDecl","name":"size","type":{"qualType":"size_t"}},
                {"kind":"FieldDecl","name":"data","type":{"qualType":"char **"}}]},
              {"kind":"EnumDecl","inner":[
                {"kind":"EnumConstantDecl","name":"PD_A","inner":[{"kind":"ConstantExpr","value":"-1"}]},
                {"kind":"EnumConstantDecl","name":"PD_B"}]},
              {"kind":"FunctionDecl","name":"PD_Make","type":{"qualType":"PD_Handle *(const char *, PD_Bool, PD_DataType *, uint64_t)"},"inner":[
                {"kind":"ParmVarDecl","name":"path","type":{"qualType":"const char *"}},
                {"kind":"ParmVarDecl","name":"flag","type":{"qualType":"PD_Bool"}},
                {"kind":"ParmVarDecl","name":"out","type":{"qualType":"PD_DataType *"}},
                {"kind":"ParmVarDecl","name":"bytes","type":{"qualType":"uint64_t"}}]},
              {"kind":"FunctionDecl","name":"other_prefix","type":{"qualType":"void (void)"}}
            ]}
            """);
        var declarations = ClangAstReader.Read(ast.RootElement, "PD_");
        var mapper = new CSharpTypeMapper(declarations);
        Assert.Multiple(() =>
        {
            Assert.That(declarations.Functions.Select(f => f.Name), Is.EqualTo(new[] { "PD_Make" }));
            Assert.That(mapper.Map("PD_Handle *"), Is.EqualTo("nint"));
            Assert.That(mapper.Map("PD_Handle **"), Is.EqualTo("nint*"));
            Assert.That(mapper.Map("PD_Bool"), Is.EqualTo("sbyte"));
            Assert.That(mapper.Map("PD_DataType *"), Is.EqualTo("int*"));
            Assert.That(mapper.Map("const char *"), Is.EqualTo("byte*"));
            Assert.That(mapper.Map("struct PD_Pair *"), Is.EqualTo("PD_Pair*"));
            Assert.That(mapper.Map("size_t"), Is.EqualTo("nuint"));
            Assert.That(declarations.EnumConstants, Is.EqualTo(new[] { new CEnumConstant("PD_A", -1), new CEnumConstant("PD_B", 0) }));
            Assert.Throws<NotSupportedException>(() => mapper.Map("long"));
        });
        var files = new CSharpBindingsWriter("N", "Native", "lib", "test").Write(declarations);
        Assert.That(files["Native.g.cs"], Does.Contain("public static partial nint PD_Make(byte* path, sbyte flag, int* @out, ulong bytes);"));
        Assert.That(files["NativeStructs.g.cs"], Does.Contain("public nuint size;").And.Contain("public byte** data;"));
    }
}

using PaddleInferenceSharp.BindingsGenerator;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.BindingsGenerator.Tests;

/// <summary>
/// Where PADDLE_INFERENCE_ROOT points at a real Paddle Inference C package: our declarations must have the same C#
/// signatures as the real headers (read by the same generator). Running a model through the real library is covered
/// by the CLI conformance test (a separate process, since this one loads the ABI test double).
/// </summary>
public sealed class RealLibraryConformanceTests
{
    [Test]
    public void Our_declarations_match_the_real_headers()
    {
        var root = Environment.GetEnvironmentVariable("PADDLE_INFERENCE_ROOT");
        if (string.IsNullOrEmpty(root))
        {
            Assert.Ignore("PADDLE_INFERENCE_ROOT is not set: no real Paddle Inference C package to compare with.");
        }

        var header = Path.Combine(root, "paddle", "include", "pd_inference_api.h");
        if (!File.Exists(header))
        {
            Assert.Fail($"{header} is missing: PADDLE_INFERENCE_ROOT must be an unpacked paddle_inference_c package.");
        }

        var ours = ClangAstReader.ReadHeader(Path.Combine(TestPaths.RepositoryRoot, PaddleBindings.DefaultHeader), "PD_");
        var theirs = ClangAstReader.ReadHeader(header, "PD_", includeDirectories: [Path.GetDirectoryName(header)!]);
        var ourMapper = new CSharpTypeMapper(ours);
        var theirMapper = new CSharpTypeMapper(theirs);
        string Signature(CFunction f, CSharpTypeMapper m) => $"{m.Map(f.ReturnCType)} {f.Name}({string.Join(", ", f.Parameters.Select(p => m.Map(p.CType)))})";
        var real = theirs.Functions.ToDictionary(f => f.Name, f => Signature(f, theirMapper));
        Assert.Multiple(() =>
        {
            foreach (var function in ours.Functions)
            {
                if (!real.TryGetValue(function.Name, out var signature))
                {
                    Assert.Warn($"{function.Name} is not declared by the real headers (older version?); the safe API checks exports before calling it.");
                    continue;
                }

                Assert.That(Signature(function, ourMapper), Is.EqualTo(signature), function.Name);
            }
        });
    }
}

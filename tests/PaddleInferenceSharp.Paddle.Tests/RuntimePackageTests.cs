using System.Diagnostics;
using System.IO.Compression;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>dotnet pack of native/packaging lays native libraries out as runtimes/&lt;rid&gt;/native/.</summary>
public sealed class RuntimePackageTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("runtime-pack");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    private (int Code, string Output) Pack(string nativeDirectory, string rid, string device)
    {
        var project = Path.Combine(TestPaths.RepositoryRoot, "native", "packaging", "PaddleInferenceSharp.runtime.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pack", project, "-c", "Release", "--nologo", $"-p:RuntimeIdentifierName={rid}", $"-p:PaddleDevice={device}",
                     $"-p:NativeDirectory={nativeDirectory}", "-p:PaddleVersion=2.6.2", $"-p:BaseIntermediateOutputPath={Path.Combine(_dir, "obj")}/",
                     $"-p:OutputPath={Path.Combine(_dir, "bin")}/", "-o", Path.Combine(_dir, "out") })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    [Test]
    public void A_fake_native_layout_packs_into_runtimes_rid_native()
    {
        var native = Path.Combine(_dir, "staged", "native");
        Directory.CreateDirectory(native);
        foreach (var name in new[] { "libpaddle_inference_c.so", "libcommon.so", "libdnnl.so.3", "libiomp5.so", "libmklml_intel.so" })
        {
            File.WriteAllText(Path.Combine(native, name), name);
        }

        var (code, output) = Pack(native, "linux-x64", "mkl");
        Assert.That(code, Is.Zero, output);
        var package = Path.Combine(_dir, "out", "PaddleInferenceSharp.runtime.linux-x64.mkl.2.6.2.nupkg");
        Assert.That(File.Exists(package), Is.True, output);
        using var zip = ZipFile.OpenRead(package);
        var natives = zip.Entries.Where(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal)).Select(e => e.FullName).ToArray();
        Assert.That(natives, Is.EquivalentTo(new[]
        {
            "runtimes/linux-x64/native/libpaddle_inference_c.so", "runtimes/linux-x64/native/libcommon.so",
            "runtimes/linux-x64/native/libdnnl.so.3", "runtimes/linux-x64/native/libiomp5.so", "runtimes/linux-x64/native/libmklml_intel.so",
        }));
        Assert.That(zip.Entries.Any(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal)), Is.False, "no managed assembly in a runtime package");
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.That(nuspec.ReadToEnd(), Does.Contain("<id>PaddleInferenceSharp.runtime.linux-x64.mkl</id>"));
        using var content = new StreamReader(zip.GetEntry("runtimes/linux-x64/native/libcommon.so")!.Open());
        Assert.That(content.ReadToEnd(), Is.EqualTo("libcommon.so"));
    }

    [Test]
    public void The_abi_test_double_is_never_packed()
    {
        var native = Path.Combine(_dir, "abi-test");
        Directory.CreateDirectory(native);
        File.WriteAllText(Path.Combine(native, "libpaddle_inference_c.so"), "double");
        var (code, output) = Pack(native, "linux-x64", "mkl");
        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("never packed"));
    }
}

/// <summary>dotnet pack of the managed Paddle package: assembly, XML docs and its dependencies.</summary>
public sealed class ManagedPackageTests
{
    [Test]
    public void The_paddle_engine_packs_with_its_documentation_and_dependencies()
    {
        var project = Path.Combine(TestPaths.RepositoryRoot, "src", "PaddleInferenceSharp.Paddle", "PaddleInferenceSharp.Paddle.csproj");
        var built = Path.Combine(TestPaths.RepositoryRoot, "src", "PaddleInferenceSharp.Paddle", "bin", "Release", "net10.0", "PaddleInferenceSharp.Paddle.dll");
        if (!File.Exists(built))
        {
            TestPaths.MissingPrerequisite($"{built} is not built in Release (scripts/setup.sh builds it).");
        }

        var output = TestPaths.NewTempDirectory("managed-pack");
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "pack", project, "-c", "Release", "--no-build", "--nologo", "-o", output })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, stdout.Result + stderr);
            var package = Directory.GetFiles(output, "PaddleInferenceSharp.Paddle.*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("lib/net10.0/PaddleInferenceSharp.Paddle.dll").And.Contain("lib/net10.0/PaddleInferenceSharp.Paddle.xml"));
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var text = nuspec.ReadToEnd();
            Assert.That(text, Does.Contain("id=\"PaddleInferenceSharp.Bindings\"").And.Contain("id=\"PaddleInferenceSharp.Engine\""));
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }
}

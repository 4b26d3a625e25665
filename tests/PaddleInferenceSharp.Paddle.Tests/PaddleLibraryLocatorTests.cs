using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>Native library resolution: PADDLE_INFERENCE_ROOT layout, dependency preloading, one explanatory error.</summary>
public sealed class PaddleLibraryLocatorTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("paddle-root");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void Nothing_found_lists_every_place_and_the_package_to_install()
    {
        Assume.That(Environment.GetEnvironmentVariable(PaddleInferenceOptions.RootVariable), Is.Null.Or.Empty);
        var missing = Path.Combine(_dir, "nope", "libpaddle_inference_c.so");
        var ex = Assert.Throws<NativeLibraryNotFoundException>(() => PaddleLibraryLocator.Load(new PaddleInferenceOptions { LibraryPath = missing, InferenceRoot = Path.Combine(_dir, "empty-root") }));
        var sources = ex!.Attempts.Select(a => a.Source).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sources, Is.EqualTo(new[]
            {
                "option PaddleInferenceOptions.LibraryPath", "option PaddleInferenceOptions.InferenceRoot",
                $"app-local runtimes/{NativeLibraryProbe.PortableRuntimeIdentifier}/native", "application directory", "system search path",
            }));
            Assert.That(ex.Attempts[0].Failure, Is.EqualTo("file not found"));
            Assert.That(ex.Attempts[1].Candidate, Is.EqualTo(Path.Combine(_dir, "empty-root", "paddle", "lib", "libpaddle_inference_c.so")));
            Assert.That(ex.Attempts[4].Failure, Does.Contain("cannot open shared object file"));
            Assert.That(ex.Message, Does.Contain($"PaddleInferenceSharp.runtime.{NativeLibraryProbe.PortableRuntimeIdentifier}.mkl").And.Contain("PADDLE_INFERENCE_ROOT"));
        });
    }

    [Test]
    public void A_package_root_loads_its_library_after_preloading_the_dependencies_beside_it()
    {
        Assume.That(OperatingSystem.IsLinux());
        var double_ = AbiTestDouble.LibraryPath;
        var lib = Path.Combine(_dir, "paddle", "lib");
        var mklml = Path.Combine(_dir, "third_party", "install", "mklml", "lib");
        Directory.CreateDirectory(lib);
        Directory.CreateDirectory(mklml);
        File.Copy(double_, Path.Combine(lib, "libpaddle_inference_c.so"));
        // Stand-ins for the dependencies: any loadable shared library proves the preload order and search.
        File.Copy(double_, Path.Combine(mklml, "libiomp5.so"));
        File.Copy(double_, Path.Combine(lib, "libcommon.so"));

        var (handle, loadedFrom, preloaded) = PaddleLibraryLocator.Load(new PaddleInferenceOptions { InferenceRoot = _dir });
        Assert.That(handle, Is.Not.EqualTo(IntPtr.Zero));
        Assert.That(loadedFrom, Is.EqualTo(Path.Combine(lib, "libpaddle_inference_c.so")));
        Assert.That(preloaded, Is.EqualTo(new[] { Path.Combine(mklml, "libiomp5.so"), Path.Combine(lib, "libcommon.so") }));
    }

    [Test]
    public void A_missing_dependency_is_named_by_the_loaders_message()
    {
        Assume.That(OperatingSystem.IsLinux());
        var lib = Path.Combine(_dir, "paddle", "lib");
        Directory.CreateDirectory(lib);
        // A library that needs libpisharp_missing_dep.so, which exists only while linking.
        File.WriteAllText(Path.Combine(_dir, "dep.c"), "int dep_value(void) { return 1; }\n");
        File.WriteAllText(Path.Combine(_dir, "main.c"), "int dep_value(void); int PD_Fake(void) { return dep_value(); }\n");
        Compile($"-shared -fPIC -o \"{Path.Combine(_dir, "libpisharp_missing_dep.so")}\" \"{Path.Combine(_dir, "dep.c")}\"");
        Compile($"-shared -fPIC -o \"{Path.Combine(lib, "libpaddle_inference_c.so")}\" \"{Path.Combine(_dir, "main.c")}\" -L\"{_dir}\" -lpisharp_missing_dep");
        File.Delete(Path.Combine(_dir, "libpisharp_missing_dep.so"));

        var ex = Assert.Throws<NativeLibraryNotFoundException>(() => PaddleLibraryLocator.Load(new PaddleInferenceOptions { InferenceRoot = _dir }));
        var attempt = ex!.Attempts.Single(a => a.Source == "option PaddleInferenceOptions.InferenceRoot");
        Assert.That(attempt.Failure, Does.Contain("libpisharp_missing_dep.so").And.Contain("cannot open shared object file"));
        Assert.That(ex.Message, Does.Contain("libpisharp_missing_dep.so"));
    }

    private static void Compile(string arguments)
    {
        System.Diagnostics.Process? process;
        try
        {
            process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cc", arguments) { RedirectStandardError = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestPaths.MissingPrerequisite("No C compiler (cc) to build a library with a missing dependency.");
            return;
        }

        using (process)
        {
            var errors = process!.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, errors);
        }
    }

    [Test]
    public void A_broken_library_reports_the_loaders_own_message()
    {
        var lib = Path.Combine(_dir, "paddle", "lib");
        Directory.CreateDirectory(lib);
        File.WriteAllText(Path.Combine(lib, "libpaddle_inference_c.so"), "not a shared object");
        var ex = Assert.Throws<NativeLibraryNotFoundException>(() => PaddleLibraryLocator.Load(new PaddleInferenceOptions { InferenceRoot = _dir }));
        var attempt = ex!.Attempts.Single(a => a.Source == "option PaddleInferenceOptions.InferenceRoot");
        Assert.That(attempt.Failure, Is.Not.EqualTo("file not found"));
        Assert.That(attempt.Failure, Does.Contain("libpaddle_inference_c.so"));
    }
}

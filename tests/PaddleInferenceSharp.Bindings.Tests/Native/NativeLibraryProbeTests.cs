using PaddleInferenceSharp.Native;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Bindings.Tests.Native;

public sealed class NativeLibraryProbeTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("probe");

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, true);

    [Test]
    public void Failure_lists_every_place_with_its_reason_and_the_install_hint()
    {
        var garbage = Path.Combine(_dir, "libgarbage.so");
        File.WriteAllText(garbage, "this is not an ELF file");
        var probe = new NativeLibraryProbe("the test library (libnothing.so)", "Install the nothing package.")
            .AddFile("option Example", null)
            .AddFile("environment variable EXAMPLE_PATH", Path.Combine(_dir, "missing.so"))
            .AddFile("broken file", garbage)
            .AddDirectory("app-local runtimes", _dir, ["libnothing.so"])
            .AddSystemSearch(["libdefinitely-not-installed-4711.so"]);
        var ex = Assert.Throws<NativeLibraryNotFoundException>(() => probe.Load());
        Assert.That(ex!.Attempts, Has.Count.EqualTo(5));
        Assert.That(ex.Attempts[0].Failure, Is.EqualTo("not set"));
        Assert.That(ex.Attempts[1].Failure, Is.EqualTo("file not found"));
        Assert.That(ex.Attempts[2].Failure, Does.Contain("invalid ELF header").Or.Contain("file too short"), "the loader's own message");
        Assert.That(ex.Attempts[3].Candidate, Is.EqualTo(Path.Combine(_dir, "libnothing.so")));
        Assert.That(ex.Message, Does.StartWith("Could not load the test library (libnothing.so). Searched:"));
        Assert.That(ex.Message, Does.Contain("1. option Example: not set").And.Contain("2. environment variable EXAMPLE_PATH").And.Contain("5. system search path"));
        Assert.That(ex.Message, Does.EndWith("Install the nothing package."));
    }

    [Test]
    public void The_first_candidate_that_loads_wins()
    {
        // libc is always loadable through the system search.
        var (handle, from) = new NativeLibraryProbe("libc", "-")
            .AddFile("unset", null)
            .AddSystemSearch(["libc.so.6"])
            .Load();
        Assert.That(handle, Is.Not.EqualTo(IntPtr.Zero));
        Assert.That(from, Is.EqualTo("libc.so.6"));
    }

    [Test]
    public void Loader_messages_keep_the_dlerror_text_only()
    {
        const string net = "Unable to load shared library 'x' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \nlibdnnl.so.3: cannot open shared object file: No such file or directory";
        Assert.That(NativeLibraryProbe.LoaderMessage(net), Is.EqualTo("libdnnl.so.3: cannot open shared object file: No such file or directory"));
    }

    [Test]
    public void Platform_file_names_follow_the_operating_system()
    {
        Assert.That(NativeLibraryProbe.PlatformFileNames("onnxruntime", "1"), Is.EqualTo(new[] { "libonnxruntime.so", "libonnxruntime.so.1" }));
        Assert.That(NativeLibraryProbe.PortableRuntimeIdentifier, Is.EqualTo("linux-x64").Or.EqualTo("linux-arm64"));
    }
}

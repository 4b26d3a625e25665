using System.Diagnostics;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Paddle;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>
/// The Paddle Inference ABI test double (native/abi-test, built by scripts/setup.sh into build/native): locates it,
/// loads it as this process's Paddle library, and exposes its control functions (counters, call log, failures).
/// </summary>
internal static partial class AbiTestDouble
{
    private const string ControlLibrary = "paddle_abi_test_control";
    private static readonly Lazy<(string Path, PaddleLibrary Library)> Loaded = new(LoadOnce);

    /// <summary>The built test double, or null when it is not built.</summary>
    public static string? FindPath()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "build", "native", "native", "abi-test", "libpaddle_inference_c_abi_test.so");
        return File.Exists(path) ? path : null;
    }

    /// <summary>The test double loaded as the Paddle library; the test is skipped (with the reason) when it cannot be built.</summary>
    public static PaddleLibrary Library
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Ignore("The ABI test double is built for Linux only.");
            }

            return Loaded.Value.Library;
        }
    }

    /// <summary>The test double's file.</summary>
    public static string LibraryPath => Loaded.Value.Path;

    /// <summary>Options that load the test double.</summary>
    public static PaddleInferenceOptions Options => new() { LibraryPath = LibraryPath };

    private static (string, PaddleLibrary) LoadOnce()
    {
        var path = FindPath() ?? Build();
        NativeLibrary.SetDllImportResolver(typeof(AbiTestDouble).Assembly, (name, _, _) => name == ControlLibrary ? NativeLibrary.Load(path) : IntPtr.Zero);
        var library = PaddleLibrary.Load(new PaddleInferenceOptions { LibraryPath = path });
        Assert.That(library.LoadedFrom, Is.EqualTo(path), "another Paddle library was loaded into the test process first");
        return (path, library);
    }

    /// <summary>Builds the double with CMake when scripts/setup.sh has not (fails the test when that is impossible).</summary>
    private static string Build()
    {
        var build = Path.Combine(TestPaths.RepositoryRoot, "build", "native");
        foreach (var args in new[] { $"-S \"{TestPaths.RepositoryRoot}\" -B \"{build}\" -DCMAKE_BUILD_TYPE=Release", $"--build \"{build}\"" })
        {
            using var process = Process.Start(new ProcessStartInfo("cmake", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"The ABI test double is not built and 'cmake {args}' failed (run scripts/setup.sh):\n{output}");
            }
        }

        return FindPath() ?? throw new AssertionException("cmake succeeded but the ABI test double is missing");
    }

    public static readonly string[] Kinds =
    [
        "PD_Config", "PD_Predictor", "PD_Tensor", "PD_OneDimArrayInt32", "PD_OneDimArrayInt64", "PD_OneDimArraySize",
        "PD_OneDimArrayCstr", "PD_TwoDimArraySize", "PD_Cstr", "PD_IOInfo", "PD_IOInfos", "malloc",
    ];

    /// <summary>Created and destroyed counts of every kind, and the misuse count, at one moment.</summary>
    public static Snapshot Take()
    {
        _ = Library;
        return new Snapshot(Kinds.ToDictionary(k => k, Created), Kinds.ToDictionary(k => k, Destroyed), Misuse());
    }

    public sealed record Snapshot(Dictionary<string, long> Created, Dictionary<string, long> Destroyed, long Misuse)
    {
        /// <summary>Asserts that every object created since <paramref name="before"/> was destroyed exactly once and nothing was misused.</summary>
        public static void AssertBalancedSince(Snapshot before, params string[] except)
        {
            var after = Take();
            Assert.Multiple(() =>
            {
                foreach (var kind in Kinds.Except(except))
                {
                    var created = after.Created[kind] - before.Created[kind];
                    var destroyed = after.Destroyed[kind] - before.Destroyed[kind];
                    Assert.That(destroyed, Is.EqualTo(created), $"{kind}: {created} created, {destroyed} destroyed");
                }

                Assert.That(after.Misuse - before.Misuse, Is.Zero, "misuse: " + LastMisuse());
            });
        }
    }

    public static long Created(string kind) => PDTest_Created(kind);

    public static long Destroyed(string kind) => PDTest_Destroyed(kind);

    public static long Misuse() => PDTest_Misuse();

    public static string LastMisuse() => Marshal.PtrToStringUTF8(PDTest_LastMisuse()) ?? string.Empty;

    public static long CallCount(string function) => PDTest_CallCount(function);

    public static void FailNext(string function)
    {
        _ = Library;
        PDTest_FailNext(function);
    }

    public static void Reset() => PDTest_Reset();

    public static long SizeOf(string name) => PDTest_SizeOf(name);

    public static long OffsetOf(string name, string field) => PDTest_OffsetOf(name, field);

    public static unsafe IntPtr MakeLod(int levels, int width) => PDTest_MakeLod((nuint)levels, (nuint)width);

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PDTest_Created(string kind);

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PDTest_Destroyed(string kind);

    [LibraryImport(ControlLibrary)]
    private static partial long PDTest_Misuse();

    [LibraryImport(ControlLibrary)]
    private static partial IntPtr PDTest_LastMisuse();

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PDTest_CallCount(string function);

    [LibraryImport(ControlLibrary)]
    private static partial void PDTest_Reset();

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void PDTest_FailNext(string function);

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PDTest_SizeOf(string name);

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long PDTest_OffsetOf(string name, string field);

    [LibraryImport(ControlLibrary)]
    private static partial IntPtr PDTest_MakeLod(nuint levels, nuint width);

    [LibraryImport(ControlLibrary, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void PDTest_SetVersion(string? text);
}

/// <summary>A fake model folder (the test double does not read the files; Paddle's would).</summary>
internal sealed class FakeModel : IDisposable
{
    public FakeModel(string program = "inference.pdmodel")
    {
        Directory = TestPaths.NewTempDirectory("paddle-model");
        Program = Path.Combine(Directory, program);
        Params = Path.ChangeExtension(Program, ".pdiparams");
        File.WriteAllBytes(Program, [1, 2, 3]);
        File.WriteAllBytes(Params, [4, 5, 6]);
    }

    public string Directory { get; }

    public string Program { get; }

    public string Params { get; }

    public PaddlePredictor CreatePredictor()
    {
        using var config = PaddleConfig.FromModelFiles(Program, Params, AbiTestDouble.Options);
        return PaddlePredictor.Create(config);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, true);
}

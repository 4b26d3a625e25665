using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>What each package of out/packages carries and depends on.</summary>
public sealed partial class PackageContentTests
{
    private static readonly string[] ManagedPackages =
    [
        "PaddleInferenceSharp.Bindings", "PaddleInferenceSharp.Engine", "PaddleInferenceSharp.Imaging", "PaddleInferenceSharp.Models",
        "PaddleInferenceSharp.Ocr", "PaddleInferenceSharp.OnnxRuntime", "PaddleInferenceSharp.Paddle", "PaddleInferenceSharp.Server",
        "PaddleInferenceSharp.Extensions.Hosting",
    ];

    private static readonly string[] EnginePackages = ["PaddleInferenceSharp.OnnxRuntime", "PaddleInferenceSharp.Paddle", "PaddleInferenceSharp.Models"];

    [TestCaseSource(nameof(ManagedPackages))]
    public void A_managed_package_carries_its_assembly_docs_licence_readme_and_symbols(string id)
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package(id));
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.That(entries, Does.Contain($"lib/net10.0/{id}.dll").And.Contain($"lib/net10.0/{id}.xml").And.Contain("LICENSE").And.Contain("README.md"));
        var nuspec = PackageFolder.Nuspec(zip);
        Assert.That(nuspec, Does.Contain("<license type=\"expression\">Apache-2.0</license>").And.Contain("<readme>README.md</readme>").And.Contain("<description>").And.Contain("<tags>"));
        using var symbols = ZipFile.OpenRead(PackageFolder.Package(id, ".snupkg"));
        Assert.That(symbols.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{id}.pdb"));
    }

    [Test]
    public void The_ocr_package_depends_on_no_engine_and_no_converter()
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package("PaddleInferenceSharp.Ocr"));
        var dependencies = Dependencies(PackageFolder.Nuspec(zip));
        Assert.That(dependencies, Does.Contain("PaddleInferenceSharp.Engine").And.Contain("PaddleInferenceSharp.Imaging"));
        Assert.That(dependencies.Intersect(EnginePackages), Is.Empty);
    }

    [Test]
    public void The_imaging_package_depends_on_the_bindings_only()
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package("PaddleInferenceSharp.Imaging"));
        Assert.That(Dependencies(PackageFolder.Nuspec(zip)), Is.EqualTo(new[] { "PaddleInferenceSharp.Bindings" }));
    }

    [Test]
    public void The_ocr_and_hosting_projects_reference_no_engine_project()
    {
        foreach (var project in new[] { "PaddleInferenceSharp.Ocr", "PaddleInferenceSharp.Extensions.Hosting", "PaddleInferenceSharp.Server" })
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", project, project + ".csproj"));
            foreach (var engine in EnginePackages)
            {
                Assert.That(text, Does.Not.Contain(engine + ".csproj"), $"{project} references {engine}");
            }
        }
    }

    [Test]
    public void The_onnxruntime_package_brings_the_converter_and_no_native_library()
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package("PaddleInferenceSharp.OnnxRuntime"));
        Assert.That(Dependencies(PackageFolder.Nuspec(zip)), Does.Contain("PaddleInferenceSharp.Models").And.Not.Contain("PaddleInferenceSharp.Ocr"));
        Assert.That(zip.Entries.Any(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void The_onnxruntime_runtime_package_carries_the_pinned_library_and_its_licence()
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package("PaddleInferenceSharp.runtime.linux-x64.onnxruntime"));
        var library = zip.GetEntry("runtimes/linux-x64/native/libonnxruntime.so.1");
        Assert.That(library, Is.Not.Null);
        Assert.That(Sha256(library!), Is.EqualTo(Pin("ORT_LIB_SHA256")));
        using var licence = new StreamReader(zip.GetEntry("LICENSE.txt")!.Open());
        Assert.That(licence.ReadToEnd(), Does.StartWith("MIT License").And.Contain("Microsoft Corporation"));
        var nuspec = PackageFolder.Nuspec(zip);
        Assert.That(nuspec, Does.Contain($"<version>{Pin("ORT_VERSION")}</version>").And.Contain("<license type=\"expression\">MIT</license>"));
        Assert.That(Dependencies(nuspec), Is.Empty);
        Assert.That(zip.Entries.Any(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal)), Is.False, "no managed assembly in a runtime package");
    }

    [Test]
    public void The_model_package_carries_the_pinned_models_their_configs_and_the_build_step()
    {
        using var zip = ZipFile.OpenRead(PackageFolder.Package("PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile"));
        Assert.That(Sha256(zip.GetEntry("models/PP-OCRv4_mobile_det/inference.onnx")!), Is.EqualTo(Pin("DET_ONNX_SHA256")));
        Assert.That(Sha256(zip.GetEntry("models/PP-OCRv4_mobile_rec/inference.onnx")!), Is.EqualTo(Pin("REC_ONNX_SHA256")));
        Assert.That(Sha256(zip.GetEntry("models/PP-OCRv4_mobile_rec/ppocr_keys_v1.txt")!), Is.EqualTo(Pin("KEYS_SHA256")));
        Assert.That(Sha256(zip.GetEntry("models/ch_ppocr_mobile_v2.0_cls/inference.onnx")!), Is.EqualTo(Pin("CLS_ONNX_SHA256")));
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.That(entries, Does.Contain("models/PP-OCRv4_mobile_det/inference.yml").And.Contain("models/PP-OCRv4_mobile_rec/inference.yml")
            .And.Contain("models/ch_ppocr_mobile_v2.0_cls/inference.yml").And.Contain("models/PPOCRv4Mobile.modelset.json")
            .And.Contain("buildTransitive/PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile.targets").And.Contain("LICENSE").And.Contain("NOTICE.md"));
        Assert.That(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), Is.False);
    }

    private static string[] Dependencies(string nuspec) =>
        DependencyId().Matches(nuspec).Select(m => m.Groups[1].Value).ToArray();

    private static string Sha256(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // The pinned values of scripts/lib/pins.sh (the file setup.sh and pack.sh read).
    private static string Pin(string name)
    {
        var line = File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "scripts", "lib", "pins.sh")).Single(l => l.StartsWith(name + "=", StringComparison.Ordinal));
        return line[(name.Length + 1)..].Trim('"');
    }

    [GeneratedRegex("<dependency id=\"([^\"]+)\"")]
    private static partial Regex DependencyId();
}

using System.Text.Json;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>
/// A folder outside the repository (no .deps above it) with a nuget.config that names out/packages and the public
/// registry, and an empty NuGet cache of its own: a user's machine after scripts/pack.sh.
/// </summary>
internal sealed class SampleWorkspace : IDisposable
{
    public static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(6);

    public SampleWorkspace(string name)
    {
        _ = PackageFolder.Package("PaddleInferenceSharp.Ocr");
        Root = TestPaths.NewTempDirectory("pis-sample-" + name);
        Assert.That(TestPaths.RepositoryRoot, Does.Not.StartWith(Path.GetTempPath().TrimEnd('/')), "the samples must run outside the repository");
        NuGetCache = Path.Combine(Root, "nuget-cache");
        Directory.CreateDirectory(NuGetCache);
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="paddleinferencesharp" value="{PackageFolder.Path}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    public string Root { get; }

    public string NuGetCache { get; }

    /// <summary>Runs <c>dotnet</c> in <paramref name="directory"/> with this workspace's NuGet cache.</summary>
    public ProcessRunner.Result Dotnet(string directory, params string[] arguments) =>
        ProcessRunner.Check("dotnet", directory, DotnetTimeout, NuGetCache, arguments);

    /// <summary>Copies a sample of samples/ into the workspace (without build outputs).</summary>
    public string CopySample(string sample)
    {
        var source = Path.Combine(TestPaths.RepositoryRoot, "samples", sample);
        var target = Path.Combine(Root, sample);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }

    public void Dispose() => Directory.Delete(Root, true);

    /// <summary>
    /// The rec_texts that the repository's CLI (paddlex-sharp, built by scripts/setup.sh) writes for <paramref name="image"/>
    /// with the PP-OCRv4 mobile models of .deps and document preprocessing and text-line orientation off.
    /// </summary>
    public static string[] CliTexts(string image)
    {
        var cli = Path.Combine(TestPaths.RepositoryRoot, "src", "PaddleInferenceSharp.Cli", "bin", "Release", "net10.0", "paddlex-sharp.dll");
        Assert.That(File.Exists(cli), Is.True, $"{cli} is not built: run scripts/setup.sh.");
        var output = TestPaths.NewTempDirectory("pis-cli");
        try
        {
            ProcessRunner.Check("dotnet", output, TimeSpan.FromMinutes(3), null, cli, "--pipeline", "OCR", "--input", image, "--save_path", output, "--quiet",
                "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
                "--text_detection_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_det"),
                "--text_recognition_model_dir", TestPaths.RequiredModel("PP-OCRv4_mobile_rec"));
            var json = Directory.GetFiles(output, "*_res.json").Single();
            using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
            return doc.RootElement.GetProperty("rec_texts").EnumerateArray().Select(t => t.GetString()!).ToArray();
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    /// <summary>The labelled texts of a dev-set image (its .json beside it).</summary>
    public static string[] GroundTruth(string image)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(image, ".json")));
        return doc.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToArray();
    }
}

using System.IO.Compression;
using PaddleInferenceSharp.TestSupport;

namespace PaddleInferenceSharp.Packaging.Tests;

/// <summary>The packages scripts/pack.sh wrote to out/packages (scripts/test.sh packs before testing).</summary>
internal static class PackageFolder
{
    public static string Path => System.IO.Path.Combine(TestPaths.RepositoryRoot, "out", "packages");

    /// <summary>The package file <paramref name="id"/> (any version); fails naming scripts/pack.sh when it is missing.</summary>
    public static string Package(string id, string extension = ".nupkg")
    {
        var files = Directory.Exists(Path)
            ? Directory.GetFiles(Path, id + ".*" + extension).Where(f => IsVersionOf(System.IO.Path.GetFileName(f), id, extension)).ToArray()
            : [];
        if (files.Length != 1)
        {
            Assert.Fail($"Expected one {id}{extension} in {Path}, found {files.Length}: run scripts/pack.sh (scripts/test.sh does) after scripts/setup.sh.");
        }

        return files[0];
    }

    /// <summary>The nuspec text of a package.</summary>
    public static string Nuspec(ZipArchive zip)
    {
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).Open());
        return reader.ReadToEnd();
    }

    // "PaddleInferenceSharp.Ocr.0.1.0.nupkg" is a version of PaddleInferenceSharp.Ocr; "...Ocr.Models.PPOCRv4Mobile.0.1.0.nupkg" is not.
    private static bool IsVersionOf(string file, string id, string extension)
    {
        var version = file[(id.Length + 1)..^extension.Length];
        return version.Length > 0 && char.IsDigit(version[0]) && version.Split('.').Length >= 3 && version.Split('.').Take(3).All(p => p.Length > 0 && char.IsDigit(p[0]));
    }
}

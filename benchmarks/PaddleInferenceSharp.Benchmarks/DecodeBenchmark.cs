using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>
/// Decoding an A4 page scanned at 300 dpi (2480 x 3508, 60 lines of text, RGB) from memory: PNG (managed inflate and
/// unfiltering) and JPEG (TurboJPEG, quality 90, 4:2:0). The files are written once by ImageMagick (Debian's
/// <c>/usr/bin/convert</c>, installed by scripts/setup.sh).
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmark
{
    private const int Width = 2480, Height = 3508;
    private byte[] _png = null!;
    private byte[] _jpeg = null!;
    private string _dir = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "decode-benchmark-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var png = Path.Combine(_dir, "page.png");
        var jpeg = Path.Combine(_dir, "page.jpg");
        var args = new List<string> { "-size", $"{Width}x{Height}", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "36", "-fill", "#202020" };
        for (var line = 0; line < 60; line++)
        {
            args.AddRange(["-annotate", string.Create(CultureInfo.InvariantCulture, $"+180+{260 + line * 52}"), $"Line {line + 1}: the quick brown fox jumps over the lazy dog, invoice 2024-{line:D4}, total {line * 7.25:F2} EUR"]);
        }

        args.Add("PNG24:" + png);
        Convert([.. args]);
        Convert(png, "-quality", "90", "-sampling-factor", "2x2", jpeg);
        _png = File.ReadAllBytes(png);
        _jpeg = File.ReadAllBytes(jpeg);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    /// <summary>PNG page (8-bit RGB) to a pooled BGR buffer.</summary>
    [Benchmark]
    public int DecodePng()
    {
        using var image = ImageDecoder.Decode(_png, "page.png");
        return image.Width;
    }

    /// <summary>JPEG page to a pooled BGR buffer.</summary>
    [Benchmark]
    public int DecodeJpeg()
    {
        using var image = ImageDecoder.Decode(_jpeg, "page.jpg");
        return image.Width;
    }

    private static void Convert(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/convert") { RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start /usr/bin/convert (install imagemagick).");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("convert failed: " + error);
        }
    }
}

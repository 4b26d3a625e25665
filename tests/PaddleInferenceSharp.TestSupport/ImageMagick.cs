using System.Diagnostics;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>Runs Debian's ImageMagick (installed by scripts/setup.sh) to make and independently decode test images.</summary>
public static class ImageMagick
{
    // /usr/local/bin may hold a stand-in 'convert'; use Debian's real one.
    private const string Convert = "/usr/bin/convert";
    private const string Identify = "/usr/bin/identify";

    /// <summary>Runs <c>convert</c> with the arguments; fails the test with ImageMagick's message on error.</summary>
    public static byte[] Run(params string[] arguments) => Exec(Convert, arguments);

    /// <summary>Decodes an image with ImageMagick to 8-bit RGB; returns the pixels and size.</summary>
    public static (byte[] Rgb, int Width, int Height) DecodeRgb(string path)
    {
        var size = System.Text.Encoding.ASCII.GetString(Exec(Identify, "-format", "%w %h", path + "[0]")).Split(' ');
        var rgb = Exec(Convert, path + "[0]", "-depth", "8", "rgb:-");
        return (rgb, int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Decodes an image with ImageMagick to 16-bit big-endian RGB samples.</summary>
    public static ushort[] DecodeRgb16(string path)
    {
        var bytes = Exec(Convert, path + "[0]", "-depth", "16", "-endian", "MSB", "rgb:-");
        var samples = new ushort[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)((bytes[2 * i] << 8) | bytes[2 * i + 1]);
        }

        return samples;
    }

    /// <summary>Renders lines of text, black on white, with DejaVu Sans, into a PNG.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="lines">The text lines, drawn top to bottom.</param>
    /// <param name="pointSize">Font size in points (pixels at 72 dpi).</param>
    public static void RenderText(string path, IReadOnlyList<string> lines, int pointSize = 32)
    {
        var lineHeight = pointSize * 2;
        var width = Math.Max(200, lines.Max(l => l.Length) * pointSize * 7 / 10 + 80);
        var height = lineHeight * lines.Count + 40;
        var args = new List<string> { "-size", $"{width}x{height}", "xc:white", "-font", "DejaVu-Sans", "-pointsize", pointSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "-fill", "black" };
        for (var i = 0; i < lines.Count; i++)
        {
            args.AddRange(["-annotate", $"+40+{20 + lineHeight * i + pointSize}", lines[i]]);
        }

        args.Add(path);
        Run([.. args]);
    }

    private static byte[] Exec(string tool, params string[] arguments)
    {
        if (!File.Exists(tool))
        {
            Assert.Fail($"{tool} is missing: run scripts/setup.sh (it installs imagemagick).");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return output.ToArray();
    }
}

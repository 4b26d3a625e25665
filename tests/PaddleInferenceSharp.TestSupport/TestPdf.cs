using System.Globalization;
using System.Text;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>
/// Writes small PDF files for tests, independently of the renderer under test: pages of Helvetica text (a base-14
/// font, no embedding) or of one full-page JPEG image (DCTDecode), with a classic cross-reference table.
/// </summary>
/// <remarks>Debian's ImageMagick policy forbids writing PDF, so tests build their PDFs with this.</remarks>
public sealed class TestPdf
{
    private readonly List<Func<int, List<string>, string>> _pages = [];

    /// <summary>Adds a page of black text lines on white.</summary>
    /// <param name="widthPt">Page width in points.</param>
    /// <param name="heightPt">Page height in points.</param>
    /// <param name="lines">Lines drawn from the top, 2 x <paramref name="fontSize"/> apart.</param>
    /// <param name="fontSize">Font size in points.</param>
    /// <param name="rotate">The page's /Rotate (0, 90, 180, 270).</param>
    public TestPdf AddTextPage(double widthPt, double heightPt, IReadOnlyList<string> lines, double fontSize = 24, int rotate = 0)
    {
        _pages.Add((pageObject, objects) =>
        {
            var content = new StringBuilder();
            for (var i = 0; i < lines.Count; i++)
            {
                var escaped = lines[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
                content.Append(Inv($"BT /F1 {fontSize} Tf 36 {heightPt - 36 - fontSize - 2 * fontSize * i} Td ({escaped}) Tj ET\n"));
            }

            var contentId = AddStream(objects, "", Encoding.Latin1.GetBytes(content.ToString()));
            var fontId = Add(objects, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
            return Inv($"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 {widthPt} {heightPt}] /Rotate {rotate} /Resources << /Font << /F1 {fontId} 0 R >> >> /Contents {contentId} 0 R >>");
        });
        return this;
    }

    /// <summary>Adds a page filled by a JPEG image (baseline, 3 components).</summary>
    /// <param name="jpeg">The JPEG file's bytes.</param>
    /// <param name="pixelWidth">The image width in pixels.</param>
    /// <param name="pixelHeight">The image height in pixels.</param>
    /// <param name="widthPt">Page width in points (the image is stretched over the page).</param>
    /// <param name="heightPt">Page height in points.</param>
    public TestPdf AddJpegPage(byte[] jpeg, int pixelWidth, int pixelHeight, double widthPt, double heightPt)
    {
        _pages.Add((pageObject, objects) =>
        {
            var imageId = AddStream(objects, Inv($"/Type /XObject /Subtype /Image /Width {pixelWidth} /Height {pixelHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode"), jpeg);
            var contentId = AddStream(objects, "", Encoding.Latin1.GetBytes(Inv($"q {widthPt} 0 0 {heightPt} 0 0 cm /Im0 Do Q\n")));
            return Inv($"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 {widthPt} {heightPt}] /Resources << /XObject << /Im0 {imageId} 0 R >> >> /Contents {contentId} 0 R >>");
        });
        return this;
    }

    /// <summary>The PDF file.</summary>
    public byte[] ToBytes()
    {
        // Objects 1 (pages) and 2 (catalog) first; pages and their resources follow.
        var objects = new List<string> { "", "<< /Type /Catalog /Pages 1 0 R >>" };
        var pageIds = new List<int>();
        foreach (var page in _pages)
        {
            var slot = objects.Count;
            objects.Add("");
            objects[slot] = page(slot + 1, objects);
            pageIds.Add(slot + 1);
        }

        objects[0] = Inv($"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => Inv($"{id} 0 R")))}] /Count {pageIds.Count} >>");
        using var output = new MemoryStream();
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            Write(output, Inv($"{i + 1} 0 obj\n"));
            Write(output, objects[i]);
            Write(output, "\nendobj\n");
        }

        var xref = output.Position;
        Write(output, Inv($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            Write(output, offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write(output, Inv($"trailer\n<< /Size {objects.Count + 1} /Root 2 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return output.ToArray();
    }

    /// <summary>Writes the PDF to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    private static int Add(List<string> objects, string body)
    {
        objects.Add(body);
        return objects.Count;
    }

    // Stream data is kept as Latin-1 text so binary bytes survive the string round trip.
    private static int AddStream(List<string> objects, string dictionary, byte[] data)
        => Add(objects, Inv($"<< {dictionary} /Length {data.Length} >>\nstream\n") + Encoding.Latin1.GetString(data) + "\nendstream");

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

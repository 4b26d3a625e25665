using BenchmarkDotNet.Attributes;
using PaddleInferenceSharp.Imaging;
using PaddleInferenceSharp.Imaging.Drawing;
using PaddleInferenceSharp.Ocr.Geometry;
using PaddleInferenceSharp.Ocr.Visualization;

namespace PaddleInferenceSharp.Benchmarks;

/// <summary>PaddleX's ocr_res_img for a 2480 x 3508 page (300 dpi A4) with 60 text lines, and encoding the 4960 x 3508 result.</summary>
[MemoryDiagnoser]
public class VisualizationBenchmark
{
    private const int Width = 2480, Height = 3508, Lines = 60;
    private BgrImage _page = null!;
    private BgrImage _rendered = null!;
    private FontFace _font = null!;
    private Quad[] _boxes = null!;
    private string[] _texts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _page = BgrImage.Create(Width, Height);
        ImageFill.Fill(_page, new BgrColor(235, 240, 245));
        var pitch = Height / (Lines + 1);
        _boxes = new Quad[Lines];
        _texts = new string[Lines];
        for (var i = 0; i < Lines; i++)
        {
            int top = pitch / 2 + i * pitch, left = 150, right = 150 + 1200 + (i * 37 % 900), bottom = top + 40;
            _boxes[i] = new Quad(new(left, top), new(right, top), new(right, bottom), new(left, bottom));
            _texts[i] = i % 3 == 0 ? $"第{i}行 中文文本识别结果" : $"Line {i}: the quick brown fox jumps over the lazy dog";
        }

        var location = FontLocator.Locate();
        _font = FontFace.Open(location.Path, location.FaceIndex);
        _rendered = OcrResultRenderer.Render(_page, _boxes, _texts, _font);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rendered.Dispose();
        _page.Dispose();
        _font.Dispose();
    }

    [Benchmark]
    public int RenderOcrResImg()
    {
        using var image = OcrResultRenderer.Render(_page, _boxes, _texts, _font);
        return image.Width;
    }

    [Benchmark]
    public long EncodePng()
    {
        using var stream = new MemoryStream();
        PngEncoder.Encode(_rendered, stream);
        return stream.Length;
    }

    [Benchmark]
    public long EncodeJpeg()
    {
        using var stream = new MemoryStream();
        JpegEncoder.Encode(_rendered, stream);
        return stream.Length;
    }
}

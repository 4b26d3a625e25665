using System.Text.Json.Nodes;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>PaddleX's <c>dataInfo</c>: the input's size (<c>ImageInfo</c>) or its processed pages (<c>PDFInfo</c>).</summary>
/// <param name="Kind">Image or PDF.</param>
/// <param name="Pages">Width and height of the image, or of each processed PDF page as rendered.</param>
public sealed record DataInfo(FileKind Kind, IReadOnlyList<(int Width, int Height)> Pages)
{
    /// <summary>The JSON: <c>{"width","height","type":"image"}</c> or <c>{"numPages","pages":[{"width","height"}],"type":"pdf"}</c>.</summary>
    public JsonObject ToJson()
    {
        if (Kind == FileKind.Image)
        {
            return new JsonObject { ["width"] = Pages[0].Width, ["height"] = Pages[0].Height, ["type"] = "image" };
        }

        var pages = new JsonArray();
        foreach (var (width, height) in Pages)
        {
            pages.Add(new JsonObject { ["width"] = width, ["height"] = height });
        }

        return new JsonObject { ["numPages"] = Pages.Count, ["pages"] = pages, ["type"] = "pdf" };
    }
}

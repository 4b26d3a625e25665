namespace PaddleInferenceSharp.Server.Schema;

/// <summary>PaddleX's <c>fileType</c>: what the <c>file</c> field holds.</summary>
public enum FileKind
{
    /// <summary>0: a PDF document; its first pages are processed.</summary>
    Pdf = 0,

    /// <summary>1: an image (PNG, JPEG, ...).</summary>
    Image = 1,
}

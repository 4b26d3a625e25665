namespace PaddleInferenceSharp.Imaging;

/// <summary>Saves a <see cref="BgrImage"/> in the format its file extension names.</summary>
public static class ImageEncoder
{
    /// <summary>Whether <paramref name="extension"/> (with or without the dot) is one this encoder writes: PNG or JPEG.</summary>
    public static bool CanEncode(string extension) => FormatOf(extension) is not null;

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/>: JPEG for <c>.jpg</c>/<c>.jpeg</c>/<c>.jpe</c>, PNG for <c>.png</c>.</summary>
    /// <exception cref="NotSupportedException">The extension names another format.</exception>
    public static void Save(BgrImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        switch (FormatOf(Path.GetExtension(path)))
        {
            case ImageFormat.Jpeg:
                JpegEncoder.Save(image, path);
                break;
            case ImageFormat.Png:
                PngEncoder.Save(image, path);
                break;
            default:
                throw new NotSupportedException($"Cannot write '{path}': only .png and .jpg/.jpeg images are written.");
        }
    }

    private static ImageFormat? FormatOf(string extension) => extension.TrimStart('.').ToLowerInvariant() switch
    {
        "jpg" or "jpeg" or "jpe" => ImageFormat.Jpeg,
        "png" => ImageFormat.Png,
        _ => null,
    };
}

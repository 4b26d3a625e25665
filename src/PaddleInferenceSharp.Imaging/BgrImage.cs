using PaddleInferenceSharp.Native;


namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// An 8-bit, 3-channel image in BGR order (OpenCV's and PaddleX's layout), rows packed top to bottom,
/// over a pooled array returned on <see cref="Dispose"/> (<see cref="System.Buffers.ArrayPool{T}.Shared"/> up to
/// 16 MiB, about 5.6 megapixels; a larger page's array is allocated for it and left to the garbage collector, so no
/// pool keeps it).
/// </summary>
/// <remarks>Not thread-safe for writing; concurrent reads are fine.</remarks>
public sealed class BgrImage : IDisposable
{
    private byte[]? _buffer;

    private BgrImage(byte[] buffer, int width, int height)
    {
        _buffer = buffer;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row (<c>Width * 3</c>).</summary>
    public int Stride => Width * 3;

    /// <summary>All pixels, row after row.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, Height * Stride);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(BgrImage));

    /// <summary>Creates an image with uninitialised pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive or the image is larger than one array can hold.</exception>
    public static BgrImage Create(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var bytes = (long)width * height * 3;
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} image needs {bytes} bytes, more than one array can hold.");
        }

        return new BgrImage(PooledArrays.Rent<byte>((int)bytes), width, height);
    }

    /// <summary>Copies pixels from a caller's buffer with any row stride.</summary>
    /// <param name="pixels">The source pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="stride">Bytes from one row's start to the next (at least <c>width * channels</c>).</param>
    /// <param name="format">The source channel layout.</param>
    public static BgrImage FromPixels(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format)
    {
        var channels = format switch
        {
            PixelFormat.Gray8 => 1,
            PixelFormat.Bgr24 or PixelFormat.Rgb24 => 3,
            PixelFormat.Bgra32 or PixelFormat.Rgba32 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
        };
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (stride < width * channels)
        {
            throw new ArgumentException($"Stride {stride} is smaller than a row of {width} pixels x {channels} bytes.", nameof(stride));
        }

        if ((long)stride * (height - 1) + (long)width * channels > pixels.Length)
        {
            throw new ArgumentException($"The buffer holds {pixels.Length} bytes; {width}x{height} pixels with stride {stride} need {(long)stride * (height - 1) + (long)width * channels}.", nameof(pixels));
        }

        var image = Create(width, height);
        for (var y = 0; y < height; y++)
        {
            PixelConversions.ToBgr(pixels.Slice(y * stride, width * channels), image.Row(y), format);
        }

        return image;
    }

    /// <summary>The pixels of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Row outside the {Height}-row image.");
        }

        return Buffer.AsSpan(y * Stride, Stride);
    }

    /// <summary>A copy of this image.</summary>
    public BgrImage Clone()
    {
        var copy = Create(Width, Height);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    /// <summary>Returns the pixel buffer to the pool. Idempotent.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            PooledArrays.Return(buffer);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"BgrImage {Width}x{Height}";
}

/// <summary>Channel layouts accepted for raw pixel input.</summary>
public enum PixelFormat
{
    /// <summary>One byte per pixel, gray.</summary>
    Gray8,
    /// <summary>Blue, green, red (OpenCV order).</summary>
    Bgr24,
    /// <summary>Red, green, blue.</summary>
    Rgb24,
    /// <summary>Blue, green, red, alpha; alpha is dropped.</summary>
    Bgra32,
    /// <summary>Red, green, blue, alpha; alpha is dropped.</summary>
    Rgba32,
}

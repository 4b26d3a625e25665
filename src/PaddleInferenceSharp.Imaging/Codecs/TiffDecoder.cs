using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.LibC;
using PaddleInferenceSharp.Bindings.Tiff;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// TIFF decoding through libtiff's RGBA interface, which converts every photometric, bit depth, compression and
/// strip/tile layout (classic TIFF and BigTIFF) to 8-bit RGBA; the first image (directory) is taken, as OpenCV's
/// <c>imread</c> does, and its Orientation tag is applied. Alpha is dropped; libtiff premultiplies unassociated alpha,
/// so transparent pixels of RGBA files come out dark.
/// </summary>
/// <remarks>The file is read from memory through client callbacks; libtiff's messages are collected per call, not printed.</remarks>
internal static unsafe class TiffDecoder
{
    public static BgrImage Decode(ReadOnlyMemory<byte> data, string source, DecodeOptions options)
    {
        CodecLibraries.EnsureTiff();
        using var pin = data.Pin();
        var input = new MemorySource((byte*)pin.Pointer, data.Length);
        var handle = GCHandle.Alloc(input);
        try
        {
            var clientData = GCHandle.ToIntPtr(handle);
            var openOptions = TiffNative.OpenOptionsAlloc();
            IntPtr tiff;
            try
            {
                // Bounds libtiff's own buffers (strips, tiles) by the pixel limit: 8 bytes per pixel covers 16-bit RGBA.
                TiffNative.OpenOptionsSetMaxSingleMemAlloc(openOptions, (nint)Math.Min(options.MaxPixels * 8, nint.MaxValue));
                TiffNative.OpenOptionsSetErrorHandlerExtR(openOptions, &OnError, clientData);
                TiffNative.OpenOptionsSetWarningHandlerExtR(openOptions, &OnWarning, clientData);
                tiff = TiffNative.ClientOpenExt(source, "r", clientData, &Read, &Write, &Seek, &Close, &Size, &Map, &Unmap, openOptions);
            }
            finally
            {
                TiffNative.OpenOptionsFree(openOptions);
            }

            if (tiff == IntPtr.Zero)
            {
                throw new ImageDecodeException(source, "not a readable TIFF" + input.Describe());
            }

            try
            {
                return ReadImage(tiff, input, source, options);
            }
            finally
            {
                TiffNative.Close(tiff);
            }
        }
        finally
        {
            handle.Free();
        }
    }

    private static BgrImage ReadImage(IntPtr tiff, MemorySource input, string source, DecodeOptions options)
    {
        if (TiffNative.GetFieldUInt32(tiff, TiffNative.TagImageWidth, out var width) == 0 || TiffNative.GetFieldUInt32(tiff, TiffNative.TagImageLength, out var height) == 0)
        {
            throw new ImageDecodeException(source, "the TIFF has no image size" + input.Describe());
        }

        ImageDecoder.CheckSize(source, width, height, options);
        var rgbaBytes = checked((int)((long)width * height * 4));
        var raster = PooledArrays.Rent<byte>(rgbaBytes);
        try
        {
            fixed (byte* pixels = raster)
            {
                if (TiffNative.ReadRgbaImageOriented(tiff, width, height, (uint*)pixels, TiffNative.OrientationTopLeft, stopOnError: 1) == 0)
                {
                    throw new ImageDecodeException(source, "corrupt or truncated TIFF data" + input.Describe());
                }
            }

            var image = BgrImage.Create((int)width, (int)height);
            var rowBytes = (int)width * 4;
            for (var y = 0; y < image.Height; y++)
            {
                // Packed ABGR words: bytes R, G, B, A in memory on little-endian machines.
                PixelConversions.ToBgr(raster.AsSpan(y * rowBytes, rowBytes), image.Row(y), PixelFormat.Rgba32);
            }

            return image;
        }
        finally
        {
            PooledArrays.Return(raster);
        }
    }

    private static MemorySource Source(IntPtr clientData) => (MemorySource)GCHandle.FromIntPtr(clientData).Target!;

    [UnmanagedCallersOnly]
    private static nint Read(IntPtr clientData, byte* buffer, nint size)
    {
        var input = Source(clientData);
        var count = (nint)Math.Max(0, Math.Min(size, input.Length - input.Position));
        Buffer.MemoryCopy(input.Data + input.Position, buffer, size, count);
        input.Position += count;
        return count;
    }

    [UnmanagedCallersOnly]
    private static nint Write(IntPtr clientData, byte* buffer, nint size) => -1;

    [UnmanagedCallersOnly]
    private static ulong Seek(IntPtr clientData, ulong offset, int whence)
    {
        var input = Source(clientData);
        var origin = whence switch { 0 => 0, 1 => input.Position, 2 => input.Length, _ => -1 };
        var target = origin + (long)offset;
        if (origin < 0 || target < 0)
        {
            return ulong.MaxValue;
        }

        input.Position = target;
        return (ulong)target;
    }

    [UnmanagedCallersOnly]
    private static int Close(IntPtr clientData) => 0;

    [UnmanagedCallersOnly]
    private static ulong Size(IntPtr clientData) => (ulong)Source(clientData).Length;

    // Mapping hands libtiff the pinned input directly, so strips are decoded without copies.
    [UnmanagedCallersOnly]
    private static int Map(IntPtr clientData, byte** start, ulong* size)
    {
        var input = Source(clientData);
        *start = input.Data;
        *size = (ulong)input.Length;
        return 1;
    }

    [UnmanagedCallersOnly]
    private static void Unmap(IntPtr clientData, byte* start, ulong size)
    {
    }

    [UnmanagedCallersOnly]
    private static int OnError(IntPtr tiff, IntPtr userData, byte* module, byte* format, IntPtr arguments)
    {
        Source(userData).Errors.Add(Format(module, format, arguments));
        return 1;
    }

    // Warnings (unknown tags and the like) are not failures; swallowing them keeps libtiff from printing to stderr.
    [UnmanagedCallersOnly]
    private static int OnWarning(IntPtr tiff, IntPtr userData, byte* module, byte* format, IntPtr arguments) => 1;

    private static string Format(byte* module, byte* format, IntPtr arguments)
    {
        const int Capacity = 512;
        var buffer = stackalloc byte[Capacity];
        var length = LibCNative.VsnPrintf(buffer, Capacity, format, arguments);
        var message = length < 0 ? Marshal.PtrToStringUTF8((IntPtr)format) : Marshal.PtrToStringUTF8((IntPtr)buffer, Math.Min(length, Capacity - 1));
        var prefix = module is null ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)module) + ": ";
        return prefix + message;
    }

    private sealed class MemorySource(byte* data, long length)
    {
        public byte* Data { get; } = data;

        public long Length { get; } = length;

        public long Position { get; set; }

        public List<string> Errors { get; } = [];

        public string Describe() => Errors.Count == 0 ? string.Empty : " (" + string.Join("; ", Errors) + ")";
    }
}

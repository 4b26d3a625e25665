using System.Globalization;
using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Cairo;
using PaddleInferenceSharp.Bindings.GLib;
using PaddleInferenceSharp.Bindings.Poppler;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Imaging;

/// <summary>
/// A PDF document whose pages render to <see cref="BgrImage"/>s through poppler-glib and cairo, the way PaddleX's PDF
/// reader renders them with pypdfium2: at <see cref="PdfRenderOptions.Zoom"/> (2, i.e. 144 dpi) onto white, each
/// page <c>ceil(points x zoom)</c> pixels wide and high.
/// </summary>
/// <remarks>
/// Thread-safe: opening and rendering are serialised process-wide (poppler's cairo backend shares font state between
/// documents), so parallel callers wait for each other; the OCR that follows each page runs in parallel.
/// Needs libpoppler-glib8 and libcairo2.
/// </remarks>
public sealed class PdfDocument : IDisposable
{
    private readonly NativeObjectHandle _document;
    // poppler's cairo backend shares FreeType and font-cache state between documents, so every native call is serialised.
    private static readonly Lock NativeLock = new();
    private string? _temporaryFile;

    private PdfDocument(NativeObjectHandle document, string sourceName, PdfRenderOptions options, int pageCount, IReadOnlyList<int> selectedPages)
    {
        _document = document;
        SourceName = sourceName;
        Options = options;
        PageCount = pageCount;
        SelectedPages = selectedPages;
    }

    /// <summary>The file name or description used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The options the document was opened with.</summary>
    public PdfRenderOptions Options { get; }

    /// <summary>The number of pages in the document.</summary>
    public int PageCount { get; }

    /// <summary>The 0-based indices of the pages to render: <see cref="PdfRenderOptions.PageIndices"/>, or every page.</summary>
    public IReadOnlyList<int> SelectedPages { get; }

    /// <summary>Opens a PDF file; poppler reads it as pages are rendered.</summary>
    /// <exception cref="PdfDecodeException">The file is missing, too large, not a PDF, damaged, encrypted, or has too many or no pages.</exception>
    /// <exception cref="NativeLibraryNotFoundException">poppler-glib or cairo is not installed.</exception>
    public static PdfDocument Open(string path, PdfRenderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= PdfRenderOptions.Default;
        CheckZoom(options);
        var fullPath = Path.GetFullPath(path);
        Span<byte> head = stackalloc byte[8];
        int headLength;
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            if (stream.Length == 0)
            {
                throw new PdfDecodeException(path, "the file is empty (0 bytes)");
            }

            CheckFileSize(path, stream.Length, options);
            headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PdfDecodeException(path, ex.Message, null, ex);
        }

        CheckSignature(path, head[..headLength]);
        return FromFile(fullPath, path, options, temporaryFile: null);
    }

    /// <summary>Opens a PDF held in memory (the bytes are copied).</summary>
    /// <param name="data">The PDF file's bytes.</param>
    /// <param name="sourceName">A name for error messages (file name, "request body").</param>
    /// <param name="options">Zoom, page selection and limits; <see cref="PdfRenderOptions.Default"/> when null.</param>
    /// <exception cref="PdfDecodeException">The data is empty, too large, not a PDF, damaged, encrypted, or has too many or no pages.</exception>
    /// <exception cref="NativeLibraryNotFoundException">poppler-glib or cairo is not installed.</exception>
    public static unsafe PdfDocument Load(ReadOnlyMemory<byte> data, string sourceName, PdfRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= PdfRenderOptions.Default;
        CheckZoom(options);
        if (data.IsEmpty)
        {
            throw new PdfDecodeException(sourceName, "the data is empty (0 bytes)");
        }

        CheckFileSize(sourceName, data.Length, options);
        CheckSignature(sourceName, data.Span);
        if (options.Password is not null)
        {
            // poppler-glib 22.12 crashes (use after free) when a wrong password is given for an in-memory document,
            // while its file path handles it; so password-protected data goes through a private temporary file.
            var temporary = Path.Combine(Path.GetTempPath(), $"paddleinferencesharp-{Guid.NewGuid():N}.pdf");
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    file.Write(data.Span);
                }

                return FromFile(temporary, sourceName, options, temporary);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }

        PdfNativeLibraries.EnsureLoaded();
        IntPtr document;
        GError* error = null;
        fixed (byte* bytes = data.Span)
        {
            var gbytes = GLibNative.BytesNew(bytes, (nuint)data.Length);
            try
            {
                lock (NativeLock)
                {
                    document = PopplerNative.DocumentNewFromBytes(gbytes, null, &error);
                }
            }
            finally
            {
                // The document holds its own reference to the bytes.
                GLibNative.BytesUnref(gbytes);
            }
        }

        return Create(document, error, sourceName, options, temporaryFile: null);
    }

    private static unsafe PdfDocument FromFile(string fullPath, string sourceName, PdfRenderOptions options, string? temporaryFile)
    {
        PdfNativeLibraries.EnsureLoaded();
        GError* error = null;
        var uri = GLibNative.FilenameToUri(fullPath, null, &error);
        if (uri == IntPtr.Zero)
        {
            throw OpenError(sourceName, error, passwordGiven: false);
        }

        IntPtr document;
        try
        {
            lock (NativeLock)
            {
                document = PopplerNative.DocumentNewFromFile(uri, options.Password, &error);
            }
        }
        finally
        {
            GLibNative.Free(uri);
        }

        return Create(document, error, sourceName, options, temporaryFile);
    }

    private static unsafe PdfDocument Create(IntPtr document, GError* error, string sourceName, PdfRenderOptions options, string? temporaryFile)
    {
        if (document == IntPtr.Zero)
        {
            throw OpenError(sourceName, error, options.Password is not null);
        }

        var handle = NativeObjectHandle.GObject(document);
        try
        {
            var pageCount = PopplerNative.DocumentGetNPages(document);
            if (pageCount <= 0)
            {
                throw new PdfDecodeException(sourceName, "the document has no pages");
            }

            return new PdfDocument(handle, sourceName, options, pageCount, SelectPages(sourceName, pageCount, options)) { _temporaryFile = temporaryFile };
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The size of a page in points (1/72 inch), after its own /Rotate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such page.</exception>
    public (double Width, double Height) GetPageSize(int pageIndex)
    {
        lock (NativeLock)
        {
            using var page = OpenPage(pageIndex);
            PopplerNative.PageGetSize(page.DangerousGetHandle(), out var width, out var height);
            return (width, height);
        }
    }

    /// <summary>Renders one page at <see cref="PdfRenderOptions.Zoom"/> onto white.</summary>
    /// <param name="pageIndex">The 0-based page index.</param>
    /// <param name="cancellationToken">Checked before rendering.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such page.</exception>
    /// <exception cref="PdfDecodeException">The page is over <see cref="PdfRenderOptions.MaxPagePixels"/> or cannot be drawn.</exception>
    public unsafe BgrImage RenderPage(int pageIndex, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int w, h, stride;
        byte[] buffer;
        lock (NativeLock)
        {
            using var page = OpenPage(pageIndex);
            PopplerNative.PageGetSize(page.DangerousGetHandle(), out var widthPt, out var heightPt);

            // pypdfium2 sizes the bitmap ceil(points x scale) and fits the page to it exactly.
            var width = Math.Ceiling(widthPt * Options.Zoom);
            var height = Math.Ceiling(heightPt * Options.Zoom);
            if (!(width >= 1 && height >= 1))
            {
                throw new PdfDecodeException(SourceName, string.Create(CultureInfo.InvariantCulture, $"invalid page size {widthPt}x{heightPt} points"), pageIndex);
            }

            if (width * height > Options.MaxPagePixels || width > 32767 || height > 32767)
            {
                throw new PdfDecodeException(SourceName, string.Create(CultureInfo.InvariantCulture,
                    $"the page renders to {width}x{height} pixels at zoom {Options.Zoom}, over the limit of {Options.MaxPagePixels} pixels (and at most 32767 per side); lower the zoom or raise MaxPagePixels"), pageIndex);
            }

            (w, h) = ((int)width, (int)height);
            stride = CairoNative.FormatStrideForWidth(CairoNative.FormatRgb24, w);
            buffer = PooledArrays.Rent<byte>(checked(stride * h));
            try
            {
                fixed (byte* pixels = buffer)
                {
                    Draw(page, pixels, w, h, stride, w / widthPt, h / heightPt, pageIndex);
                }
            }
            catch
            {
                PooledArrays.Return(buffer);
                throw;
            }
        }

        try
        {
            var image = BgrImage.Create(w, h);
            for (var y = 0; y < h; y++)
            {
                // CAIRO_FORMAT_RGB24 is native-endian 0xXXRRGGBB: bytes B, G, R, X on the little-endian machines .NET runs on.
                PixelConversions.ToBgr(buffer.AsSpan(y * stride, w * 4), image.Row(y), PixelFormat.Bgra32);
            }

            return image;
        }
        finally
        {
            PooledArrays.Return(buffer);
        }
    }

    /// <summary>Releases the document (and deletes its private temporary file, if any). Idempotent.</summary>
    public void Dispose()
    {
        lock (NativeLock)
        {
            _document.Dispose();
            if (Interlocked.Exchange(ref _temporaryFile, null) is { } temporary)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"PdfDocument '{SourceName}' ({PageCount} pages)";

    private unsafe void Draw(NativeObjectHandle page, byte* pixels, int width, int height, int stride, double scaleX, double scaleY, int pageIndex)
    {
        using var surface = NativeObjectHandle.CairoSurface(CairoNative.ImageSurfaceCreateForData(pixels, CairoNative.FormatRgb24, width, height, stride));
        CheckCairo(CairoNative.SurfaceStatus(surface.DangerousGetHandle()), pageIndex);
        using (var cairo = NativeObjectHandle.CairoContext(CairoNative.Create(surface.DangerousGetHandle())))
        {
            var cr = cairo.DangerousGetHandle();
            CairoNative.SetSourceRgb(cr, 1, 1, 1);
            CairoNative.Paint(cr);
            CairoNative.Scale(cr, scaleX, scaleY);
            PopplerNative.PageRender(page.DangerousGetHandle(), cr);
            CheckCairo(CairoNative.Status(cr), pageIndex);
        }

        CairoNative.SurfaceFlush(surface.DangerousGetHandle());
    }

    private void CheckCairo(int status, int pageIndex)
    {
        if (status != CairoNative.StatusSuccess)
        {
            var message = Marshal.PtrToStringUTF8(CairoNative.StatusToString(status)) ?? "status " + status.ToString(CultureInfo.InvariantCulture);
            throw new PdfDecodeException(SourceName, "cairo failed: " + message, pageIndex);
        }
    }

    private NativeObjectHandle OpenPage(int pageIndex)
    {
        if ((uint)pageIndex >= (uint)PageCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pageIndex), pageIndex, $"'{SourceName}' has pages 0 to {PageCount - 1}.");
        }

        ObjectDisposedException.ThrowIf(_document.IsClosed, this);
        var page = PopplerNative.DocumentGetPage(_document.DangerousGetHandle(), pageIndex);
        return page == IntPtr.Zero ? throw new PdfDecodeException(SourceName, "poppler cannot load the page", pageIndex) : NativeObjectHandle.GObject(page);
    }

    private static unsafe PdfDecodeException OpenError(string sourceName, GError* error, bool passwordGiven)
    {
        if (error is null)
        {
            return new PdfDecodeException(sourceName, "poppler could not open the document (no reason given)");
        }

        try
        {
            var message = Marshal.PtrToStringUTF8(error->Message) ?? "no message";
            var problem = error->Code switch
            {
                PopplerNative.ErrorEncrypted when passwordGiven => "the document is encrypted and the password given is wrong (" + message + ")",
                PopplerNative.ErrorEncrypted => "the document is encrypted and needs a password (PdfRenderOptions.Password) (" + message + ")",
                PopplerNative.ErrorDamaged or PopplerNative.ErrorBadCatalog => "the document is damaged (" + message + ")",
                _ => "broken or unsupported PDF (" + message + ")",
            };
            return new PdfDecodeException(sourceName, problem);
        }
        finally
        {
            GLibNative.ErrorFree(error);
        }
    }

    private static void CheckZoom(PdfRenderOptions options)
    {
        if (!(options.Zoom > 0 && options.Zoom <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Zoom, "PdfRenderOptions.Zoom must be in (0, 100].");
        }
    }

    private static void CheckSignature(string sourceName, ReadOnlySpan<byte> head)
    {
        if (ImageFormatDetector.Detect(head) != ImageFormat.Pdf)
        {
            throw new PdfDecodeException(sourceName, $"not a PDF (it does not start with '%PDF-'; first bytes {Convert.ToHexString(head[..Math.Min(8, head.Length)])})");
        }
    }

    private static void CheckFileSize(string sourceName, long length, PdfRenderOptions options)
    {
        if (length > options.MaxFileBytes)
        {
            throw new PdfDecodeException(sourceName, $"the file has {length} bytes, over the limit of {options.MaxFileBytes} (PdfRenderOptions.MaxFileBytes)");
        }
    }

    private static int[] SelectPages(string sourceName, int pageCount, PdfRenderOptions options)
    {
        int[] pages;
        if (options.PageIndices is { } requested)
        {
            pages = [.. requested];
            foreach (var index in pages)
            {
                if ((uint)index >= (uint)pageCount)
                {
                    throw new PdfDecodeException(sourceName, $"page index {index} was requested but the document has pages 0 to {pageCount - 1}");
                }
            }
        }
        else
        {
            pages = new int[pageCount];
            for (var i = 0; i < pageCount; i++)
            {
                pages[i] = i;
            }
        }

        if (pages.Length > options.MaxPages)
        {
            throw new PdfDecodeException(sourceName, $"{pages.Length} pages selected, more than the limit of {options.MaxPages} (PdfRenderOptions.MaxPages); select fewer pages or raise the limit");
        }

        return pages;
    }
}

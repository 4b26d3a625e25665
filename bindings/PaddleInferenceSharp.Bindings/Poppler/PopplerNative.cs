using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.GLib;

namespace PaddleInferenceSharp.Bindings.Poppler;

/// <summary>Declarations of poppler-glib's document and page API (<c>poppler-document.h</c>, <c>poppler-page.h</c>).</summary>
/// <remarks>
/// Documents and pages are GObjects, released with <see cref="GObjectNative.Unref"/>. Errors come back as
/// <c>GError*</c> (see <see cref="GError"/>); poppler-glib does not unwind across the caller.
/// </remarks>
internal static partial class PopplerNative
{
    /// <summary>Logical library name; the imaging layer registers how to load it.</summary>
    public const string LibraryName = "poppler-glib";

    /// <summary>POPPLER_ERROR_INVALID: generic failure.</summary>
    public const int ErrorInvalid = 0;
    /// <summary>POPPLER_ERROR_ENCRYPTED: the document needs a password.</summary>
    public const int ErrorEncrypted = 1;
    /// <summary>POPPLER_ERROR_OPEN_FILE: a file could not be opened.</summary>
    public const int ErrorOpenFile = 2;
    /// <summary>POPPLER_ERROR_BAD_CATALOG: the document catalog could not be read.</summary>
    public const int ErrorBadCatalog = 3;
    /// <summary>POPPLER_ERROR_DAMAGED: the document is damaged.</summary>
    public const int ErrorDamaged = 4;

    /// <summary>poppler_document_new_from_file: opens the document at a <c>file://</c> URI, reading it lazily.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_document_new_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial IntPtr DocumentNewFromFile(IntPtr uri, string? password, GError** error);

    /// <summary>poppler_document_new_from_bytes: opens a document held in a GBytes (which poppler references).</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_document_new_from_bytes", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial IntPtr DocumentNewFromBytes(IntPtr bytes, string? password, GError** error);

    /// <summary>poppler_document_get_n_pages.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_document_get_n_pages")]
    public static partial int DocumentGetNPages(IntPtr document);

    /// <summary>poppler_document_get_page: a new reference to page <paramref name="index"/> (0-based), or null.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_document_get_page")]
    public static partial IntPtr DocumentGetPage(IntPtr document, int index);

    /// <summary>poppler_page_get_size: the page size in points (1/72 inch), after the page's own rotation.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_page_get_size")]
    public static partial void PageGetSize(IntPtr page, out double width, out double height);

    /// <summary>poppler_page_render: draws the page (with annotations) on a cairo context, 1 unit = 1 point.</summary>
    [LibraryImport(LibraryName, EntryPoint = "poppler_page_render")]
    public static partial void PageRender(IntPtr page, IntPtr cairo);
}

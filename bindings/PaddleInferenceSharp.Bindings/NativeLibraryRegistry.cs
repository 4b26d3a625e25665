using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.Bindings;

/// <summary>
/// Maps the logical library names used by the declarations in this assembly to native handles
/// that the layer above has loaded (it knows the search locations and reports failures).
/// </summary>
/// <remarks>
/// .NET allows one <see cref="DllImportResolver"/> per assembly, so this assembly installs it once and
/// asks the registered loader of each logical name. A name without a loader falls back to the runtime's
/// default probing.
/// </remarks>
internal static class NativeLibraryRegistry
{
    private static readonly ConcurrentDictionary<string, Func<IntPtr>> Loaders = new(StringComparer.Ordinal);
    private static int _installed;

    /// <summary>Registers the function that loads (once) and returns the handle for <paramref name="libraryName"/>.</summary>
    /// <param name="libraryName">The logical name used in the declarations, e.g. <see cref="TurboJpeg.TurboJpegNative.LibraryName"/>.</param>
    /// <param name="loader">Returns a loaded handle or throws an exception that explains what was tried.</param>
    public static void Register(string libraryName, Func<IntPtr> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryName);
        ArgumentNullException.ThrowIfNull(loader);
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryRegistry).Assembly, Resolve);
        }

        Loaders[libraryName] = loader;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        => Loaders.TryGetValue(libraryName, out var loader) ? loader() : IntPtr.Zero;
}

using System.Runtime.InteropServices;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>glibc's <c>mallopt</c>, for the heap ONNX Runtime allocates its CPU arena chunks from.</summary>
internal static unsafe class GlibcMalloc
{
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in <malloc.h>

    /// <summary>
    /// Fixes the mmap threshold (which also turns off glibc's dynamic adjustment of it); returns false where there is
    /// no glibc (other systems, musl) or glibc refused the value.
    /// </summary>
    public static bool TrySetMmapThreshold(int bytes)
    {
        if (bytes <= 0 || !OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc))
        {
            return false;
        }

        // libc stays loaded for the life of the process anyway; the handle is not freed.
        if (!NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt) || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _))
        {
            return false;
        }

        return ((delegate* unmanaged<int, int, int>)mallopt)(MmapThresholdParameter, bytes) == 1;
    }
}

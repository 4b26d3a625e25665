using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// Copies the arrays and strings the C API returns into managed objects and frees each with its matching destroy
/// function (never <c>free()</c>), also when reading fails.
/// </summary>
internal static unsafe class PaddleReturnedArrays
{
    /// <summary>Reads and destroys a <c>PD_OneDimArrayCstr</c>.</summary>
    public static string[] TakeStrings(PD_OneDimArrayCstr* array)
    {
        try
        {
            var result = new string[(int)array->size];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((IntPtr)array->data[i]) ?? string.Empty;
            }

            return result;
        }
        finally
        {
            PaddleNative.PD_OneDimArrayCstrDestroy(array);
        }
    }

    /// <summary>Reads and destroys a <c>PD_Cstr</c> (its size counts the NUL; an empty string has size 0).</summary>
    public static string TakeString(PD_Cstr* cstr)
    {
        try
        {
            return cstr->size == 0 || cstr->data is null ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)cstr->data, (int)cstr->size - 1);
        }
        finally
        {
            PaddleNative.PD_CstrDestroy(cstr);
        }
    }

    /// <summary>Reads and destroys a <c>PD_OneDimArrayInt32</c>.</summary>
    public static int[] TakeInt32(PD_OneDimArrayInt32* array)
    {
        try
        {
            return new ReadOnlySpan<int>(array->data, (int)array->size).ToArray();
        }
        finally
        {
            PaddleNative.PD_OneDimArrayInt32Destroy(array);
        }
    }

    /// <summary>Reads and destroys a <c>PD_TwoDimArraySize</c> (LoD).</summary>
    public static ulong[][] TakeLod(PD_TwoDimArraySize* lod)
    {
        try
        {
            var result = new ulong[(int)lod->size][];
            for (var i = 0; i < result.Length; i++)
            {
                var level = lod->data[i];
                result[i] = new ReadOnlySpan<ulong>(level->data, (int)level->size).ToArray();
            }

            return result;
        }
        finally
        {
            PaddleNative.PD_TwoDimArraySizeDestroy(lod);
        }
    }

    /// <summary>Reads and destroys a <c>PD_IOInfos</c> (which also frees its names and shapes).</summary>
    public static TensorInfo[] TakeInfos(PD_IOInfos* infos)
    {
        try
        {
            var result = new TensorInfo[(int)infos->size];
            for (var i = 0; i < result.Length; i++)
            {
                var info = infos->io_info[i];
                var name = info->name->size == 0 ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)info->name->data, (int)info->name->size - 1);
                var shape = new ReadOnlySpan<long>(info->shape->data, (int)info->shape->size).ToArray();
                result[i] = new TensorInfo(name, PaddleTypes.ToElementType((PaddleDataType)info->dtype), shape);
            }

            return result;
        }
        finally
        {
            PaddleNative.PD_IOInfosDestroy(infos);
        }
    }

    /// <summary>Reads a string the library allocated with <c>malloc</c> and frees it with the C runtime's <c>free</c>.</summary>
    /// <remarks>
    /// On Windows the library's CRT may differ from the one <see cref="NativeMemory.Free"/> uses, so the string is left
    /// alone there (a small, bounded leak) rather than freed with a mismatched allocator (<c>pd_config.h</c>'s string getters, e.g. <c>PD_ConfigSummary</c>, return <c>malloc</c>ed text).
    /// </remarks>
    public static string TakeMallocString(byte* text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var result = Marshal.PtrToStringUTF8((IntPtr)text) ?? string.Empty;
        if (!OperatingSystem.IsWindows())
        {
            NativeMemory.Free(text);
        }

        return result;
    }
}

using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// CPU: math-library threads and oneDNN (MKLDNN) kernels, bfloat16 and int8.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>Threads of the CPU math library (oneDNN/MKL or OpenBLAS) inside one operator.</summary>
    public int CpuMathThreads
    {
        get => Int(&PaddleNative.PD_ConfigGetCpuMathLibraryNumThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            using var c = Use();
            PaddleNative.PD_ConfigSetCpuMathLibraryNumThreads(c.Pointer, value);
        }
    }

    /// <summary>
    /// Uses oneDNN (MKLDNN) kernels on the CPU. OpenBLAS packages have no oneDNN: leave it off there and Paddle's
    /// own CPU kernels use OpenBLAS as their math library.
    /// </summary>
    public void EnableOneDnn(int cacheCapacity = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheCapacity);
        using var c = Use();
        PaddleNative.PD_ConfigEnableMKLDNN(c.Pointer);
        PaddleNative.PD_ConfigSetMkldnnCacheCapacity(c.Pointer, cacheCapacity);
    }

    /// <summary>Whether oneDNN is enabled.</summary>
    public bool OneDnnEnabled => Flag(&PaddleNative.PD_ConfigMkldnnEnabled);

    /// <summary>Restricts oneDNN to the named operators (<c>PD_ConfigSetMkldnnOp</c>).</summary>
    public void SetOneDnnOperators(IReadOnlyList<string> operators) => WithStrings(operators, &PaddleNative.PD_ConfigSetMkldnnOp);

    /// <summary>Runs the named (or all, when empty) operators in bfloat16 under oneDNN.</summary>
    public void EnableOneDnnBfloat16(IReadOnlyList<string>? operators = null)
    {
        using (var c = Use())
        {
            PaddleNative.PD_ConfigEnableMkldnnBfloat16(c.Pointer);
        }

        if (operators is { Count: > 0 })
        {
            WithStrings(operators, &PaddleNative.PD_ConfigSetBfloat16Op);
        }
    }

    /// <summary>Whether oneDNN bfloat16 is enabled.</summary>
    public bool OneDnnBfloat16Enabled => Flag(&PaddleNative.PD_ConfigMkldnnBfloat16Enabled);

    /// <summary>Runs quantized models with oneDNN int8 kernels.</summary>
    public void EnableOneDnnInt8() => Action(&PaddleNative.PD_ConfigEnableMkldnnInt8);

    /// <summary>Whether oneDNN int8 is enabled.</summary>
    public bool OneDnnInt8Enabled => Flag(&PaddleNative.PD_ConfigMkldnnInt8Enabled);
}

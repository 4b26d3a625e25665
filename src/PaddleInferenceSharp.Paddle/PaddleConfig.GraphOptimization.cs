using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// IR graph and memory optimisation: the pass pipeline, memory reuse, FC padding.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>IR graph optimisation (fusion passes); on by default.</summary>
    public bool IrOptim
    {
        get => Flag(&PaddleNative.PD_ConfigIrOptim);
        set => SetFlag(value, &PaddleNative.PD_ConfigSwitchIrOptim);
    }

    /// <summary>Dumps the graph after each pass (debugging).</summary>
    public void SwitchIrDebug(bool enabled) => SetFlag(enabled, &PaddleNative.PD_ConfigSwitchIrDebug);

    /// <summary>Memory reuse between tensors.</summary>
    public bool MemoryOptim
    {
        get => Flag(&PaddleNative.PD_ConfigMemoryOptimEnabled);
        set => SetFlag(value, &PaddleNative.PD_ConfigEnableMemoryOptim);
    }

    /// <summary>Turns off padding in fully-connected layers.</summary>
    public void DisableFcPadding() => Action(&PaddleNative.PD_ConfigDisableFCPadding);

    /// <summary>Whether FC padding is used.</summary>
    public bool UseFcPadding => Flag(&PaddleNative.PD_ConfigUseFcPadding);

    /// <summary>Removes a pass from the optimisation pipeline.</summary>
    public void DeletePass(string pass) => WithString(pass, &PaddleNative.PD_ConfigDeletePass);

    /// <summary>Inserts a pass at <paramref name="index"/>.</summary>
    public void InsertPass(int index, string pass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, AllPasses.Count);
        using var s = NativeUtf8Strings.Of(pass);
        using var c = Use();
        PaddleNative.PD_ConfigInsertPass(c.Pointer, (nuint)index, s.First);
    }

    /// <summary>Appends a pass.</summary>
    public void AppendPass(string pass) => WithString(pass, &PaddleNative.PD_ConfigAppendPass);

    /// <summary>The optimisation passes in order.</summary>
    public IReadOnlyList<string> AllPasses
    {
        get
        {
            using var c = _handle.Lease();
            var array = PaddleNative.PD_ConfigAllPasses(c.Pointer);
            return array is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigAllPasses), "PD_ConfigAllPasses returned NULL.")
                : PaddleReturnedArrays.TakeStrings(array);
        }
    }
}

using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;
using PaddleInferenceSharp.Engine;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// Settings of one Paddle predictor (<c>PD_Config</c>): model location, CPU/oneDNN, GPU, TensorRT, XPU, custom
/// devices, Paddle's ONNX Runtime backend, graph and memory optimisation.
/// </summary>
/// <remarks>
/// A config serves exactly one <see cref="PaddlePredictor.Create(PaddleConfig)"/> (Paddle marks it invalid afterwards); build a new
/// one per predictor, or <see cref="PaddlePredictor.Clone()"/> the predictor. Inputs are validated here because the C API
/// reports bad arguments by throwing C++ exceptions through the C ABI, which would end the process.
/// Not thread-safe: configure it from one thread.
/// </remarks>
public sealed unsafe partial class PaddleConfig : IDisposable
{
    private readonly PaddleConfigHandle _handle;

    /// <summary>Creates an empty config (loads the library on first use).</summary>
    /// <exception cref="NativeLibraryNotFoundException">The library is not found.</exception>
    public PaddleConfig(PaddleInferenceOptions? options = null) : this(PaddleLibrary.Load(options))
    {
    }

    /// <summary>Creates an empty config for an already loaded library.</summary>
    public PaddleConfig(PaddleLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
        var pointer = PaddleNative.PD_ConfigCreate();
        if (pointer == IntPtr.Zero)
        {
            throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigCreate), "PD_ConfigCreate returned NULL (out of memory?).");
        }

        _handle = new PaddleConfigHandle(pointer);
    }

    /// <summary>The library this config belongs to.</summary>
    public PaddleLibrary Library { get; }

    /// <summary>Whether a predictor was created from this config (it cannot be used again).</summary>
    public bool IsUsed { get; private set; }

    /// <inheritdoc />
    public override string ToString() => $"PaddleConfig({(ProgramFile.Length > 0 ? ProgramFile : ModelDirectory)})";

    /// <summary>Destroys the native config (idempotent). A predictor created from it is not affected.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Marks the config as consumed by a predictor; returns the handle lease for <c>PD_PredictorCreate</c>.</summary>
    internal HandleLease TakeForPredictor()
    {
        if (IsUsed)
        {
            throw new InvalidOperationException("This PaddleConfig already created a predictor; Paddle allows one predictor per config. Create a new PaddleConfig or Clone the predictor.");
        }

        if (ProgramFile.Length == 0 && ModelDirectory.Length == 0 && !IsModelFromMemory)
        {
            throw new InvalidOperationException("No model is set on this PaddleConfig: call SetModel, SetModelDirectory or SetModelBuffer first.");
        }

        IsUsed = true;
        return _handle.Lease();
    }

    /// <summary>After a ≤2.4 <c>PD_PredictorCreate</c> the library has freed the config: forget the pointer.</summary>
    internal void ReleaseOwnershipToLibrary() => _handle.SetHandleAsInvalid();

    private HandleLease Use()
    {
        if (IsUsed)
        {
            throw new InvalidOperationException("This PaddleConfig already created a predictor and can no longer be changed.");
        }

        return _handle.Lease();
    }


    private static string ExistingFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ModelLoadException($"The {what} file '{full}' does not exist.", full);
        }

        return full;
    }

    private static void CheckPrecision(PaddlePrecision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision (the C API has Float32, Int8 and Half).");
        }
    }

    private static sbyte Bool(bool value) => value ? (sbyte)1 : (sbyte)0;

    private string ReadBorrowed(delegate*<nint, byte*> getter)
    {
        using var c = _handle.Lease();
        return Marshal.PtrToStringUTF8((IntPtr)getter(c.Pointer)) ?? string.Empty;
    }

    private bool Flag(delegate*<nint, sbyte> getter)
    {
        using var c = _handle.Lease();
        return getter(c.Pointer) != 0;
    }

    private bool HasAndFlag(string export, delegate*<nint, sbyte> getter) => Library.HasExport(export) && Flag(getter);

    private int Int(delegate*<nint, int> getter)
    {
        using var c = _handle.Lease();
        return getter(c.Pointer);
    }

    private void Action(delegate*<nint, void> action)
    {
        using var c = Use();
        action(c.Pointer);
    }

    private void SetFlag(bool value, delegate*<nint, sbyte, void> setter)
    {
        using var c = Use();
        setter(c.Pointer, Bool(value));
    }

    private void WithString(string value, delegate*<nint, byte*, void> setter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        using var s = NativeUtf8Strings.Of(value);
        using var c = Use();
        setter(c.Pointer, s.First);
    }

    private void WithStrings(IReadOnlyList<string> values, delegate*<nint, nuint, byte**, void> setter)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var s = new NativeUtf8Strings(values);
        using var c = Use();
        setter(c.Pointer, s.Count, s.Array);
    }
}

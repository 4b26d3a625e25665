using System.Runtime.InteropServices;
using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

/// <summary>Owns one Paddle object and destroys it exactly once with its matching <c>PD_*Destroy</c>.</summary>
/// <remarks>
/// Calls go through <see cref="Lease"/>, which holds a reference on the handle for the duration of the call, so a
/// concurrent <c>Dispose</c> defers the destroy until the call has returned instead of freeing the object under it.
/// </remarks>
internal abstract class PaddleHandle : SafeHandle
{
    protected PaddleHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Keeps the object alive for one native call.</summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public HandleLease Lease() => new(this);
}

/// <summary>A reference on a <see cref="PaddleHandle"/> for the duration of a native call.</summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _owner;

    public HandleLease(SafeHandle owner)
    {
        var added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
        Pointer = owner.DangerousGetHandle();
    }

    /// <summary>The native pointer, valid until <see cref="Dispose"/>.</summary>
    public IntPtr Pointer { get; }

    public void Dispose() => _owner.DangerousRelease();
}

/// <summary>A <c>PD_Config</c>.</summary>
internal sealed class PaddleConfigHandle(IntPtr pointer) : PaddleHandle(pointer)
{
    protected override bool ReleaseHandle()
    {
        PaddleNative.PD_ConfigDestroy(handle);
        return true;
    }
}

/// <summary>A <c>PD_Predictor</c> (created or cloned).</summary>
internal sealed class PaddlePredictorHandle(IntPtr pointer) : PaddleHandle(pointer)
{
    protected override bool ReleaseHandle()
    {
        PaddleNative.PD_PredictorDestroy(handle);
        return true;
    }
}

/// <summary>
/// A <c>PD_Tensor</c> wrapper handle. It holds a reference on its predictor's handle, because a tensor handle must not
/// outlive its predictor: the predictor is destroyed only after its last tensor handle.
/// </summary>
internal sealed class PaddleTensorHandle : PaddleHandle
{
    private readonly PaddlePredictorHandle _predictor;

    public PaddleTensorHandle(IntPtr pointer, PaddlePredictorHandle predictor) : base(pointer)
    {
        var added = false;
        predictor.DangerousAddRef(ref added);
        _predictor = predictor;
    }

    protected override bool ReleaseHandle()
    {
        PaddleNative.PD_TensorDestroy(handle);
        _predictor.DangerousRelease();
        return true;
    }
}

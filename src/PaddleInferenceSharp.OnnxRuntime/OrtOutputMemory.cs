using System.Buffers;

namespace PaddleInferenceSharp.OnnxRuntime;

/// <summary>
/// The elements of an output <c>OrtValue</c>, read where ONNX Runtime wrote them: the value is released when this
/// memory is disposed, so outputs reach the caller without a copy.
/// </summary>
internal sealed unsafe class OrtOutputMemory<T>(OrtHandle value, void* data, int length) : MemoryManager<T> where T : unmanaged
{
    public override Span<T> GetSpan()
    {
        ObjectDisposedException.ThrowIf(value.IsClosed, this);
        return new Span<T>(data, length);
    }

    // ONNX Runtime's CPU tensors never move, so pinning is a no-op.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(value.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
        return new MemoryHandle((T*)data + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            value.Dispose();
        }
    }
}

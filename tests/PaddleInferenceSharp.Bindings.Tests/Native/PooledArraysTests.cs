using System.Buffers;
using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Bindings.Tests.Native;

public sealed class PooledArraysTests
{
    [Test]
    public void Arrays_up_to_the_pooled_size_come_from_the_shared_pool()
    {
        var array = PooledArrays.Rent<float>(PooledArrays.MaxPooledBytes / sizeof(float) - 5);
        Assert.That(array, Has.Length.EqualTo(PooledArrays.MaxPooledBytes / sizeof(float)), "the pool's power-of-two size");
        PooledArrays.Return(array);
        Assert.That(ArrayPool<float>.Shared.Rent(array.Length), Is.SameAs(array), "given back to the shared pool");
    }

    [Test]
    public void Larger_arrays_are_allocated_to_size_counted_and_not_pooled()
    {
        var before = PooledArrays.UnpooledBytes;
        var length = PooledArrays.MaxPooledBytes + 1;
        var array = PooledArrays.Rent<byte>(length);
        Assert.That(array, Has.Length.EqualTo(length));
        Assert.That(PooledArrays.UnpooledBytes - before, Is.GreaterThanOrEqualTo(length));
        PooledArrays.Return(array);
        Assert.That(ArrayPool<byte>.Shared.Rent(length), Is.Not.SameAs(array));
    }
}

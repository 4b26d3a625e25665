using PaddleInferenceSharp.Native;

namespace PaddleInferenceSharp.Engine.Tests;

public sealed class TensorTests
{
    [Test]
    public void Rented_tensors_expose_exactly_their_elements()
    {
        using var t = Tensor.Rent<float>([2, 3, 4]);
        Assert.That(t.Length, Is.EqualTo(24));
        Assert.That(t.AsSpan<float>().Length, Is.EqualTo(24));
        Assert.That(t.ByteLength, Is.EqualTo(96));
        Assert.That(t.ElementType, Is.EqualTo(TensorElementType.Float32));
    }

    [Test]
    public void The_wrong_element_type_is_refused()
    {
        using var t = Tensor.Rent<long>([3]);
        Assert.That(() => t.AsSpan<float>(), Throws.InvalidOperationException.With.Message.Contains("Int64"));
    }

    [Test]
    public void Negative_or_overflowing_shapes_are_refused()
    {
        Assert.That(() => Tensor.Rent<float>([2, -1]), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(() => Tensor.Rent<float>([1L << 20, 1L << 20]), Throws.ArgumentException.With.Message.Contains("more elements"));
    }

    [Test]
    public void Wrapped_arrays_must_be_large_enough_and_stay_the_callers()
    {
        var data = new long[] { 1, 2, 3, 4, 5, 6 };
        Assert.That(() => Tensor.Wrap(data, [7]), Throws.ArgumentException.With.Message.Contains("needs 7"));
        var t = Tensor.Wrap(data, [2, 3]);
        t.AsSpan<long>()[5] = 60;
        t.Dispose();
        t.Dispose();
        Assert.That(data[5], Is.EqualTo(60));
        Assert.That(() => t.AsSpan<long>(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Reshape_reuses_the_buffer_up_to_its_capacity()
    {
        using var t = Tensor.Rent<int>([4, 4]);
        t.Reshape([2, 8]);
        Assert.That(t.Shape.ToArray(), Is.EqualTo(new long[] { 2, 8 }));
        Assert.That(() => t.Reshape([t.Capacity + 1]), Throws.ArgumentException);
    }

    [Test]
    public void Tensors_over_the_pooled_size_are_allocated_and_dropped()
    {
        var before = PooledArrays.UnpooledBytes;
        using (var t = Tensor.Rent<float>([1, 3, 4000, 4000]))
        {
            Assert.That(t.Capacity, Is.EqualTo(3 * 4000 * 4000), "allocated to size, not rounded up to 64 Mi elements");
        }

        Assert.That(PooledArrays.UnpooledBytes - before, Is.GreaterThanOrEqualTo(3L * 4000 * 4000 * sizeof(float)));
    }
}

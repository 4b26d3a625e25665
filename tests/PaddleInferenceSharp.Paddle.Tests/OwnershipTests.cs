using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Paddle.Tests;

/// <summary>Each native object is destroyed exactly once (the double's counters), also under concurrent Clone/Run/Dispose.</summary>
[NonParallelizable]
public sealed class OwnershipTests
{
    [Test]
    public void Every_array_and_string_returned_is_destroyed_with_its_own_function()
    {
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        using (var predictor = model.CreatePredictor())
        {
            for (var i = 0; i < 3; i++)
            {
                _ = predictor.InputNames;
                _ = predictor.OutputNames;
                using var t = predictor.GetInputTensor("x");
                t.Reshape([1, 3, 2, 2]);
                _ = t.Shape;
                _ = t.Lod;
            }

            _ = predictor.Inputs;
            _ = predictor.Outputs;
        }

        AbiTestDouble.Snapshot.AssertBalancedSince(before);
        Assert.That(AbiTestDouble.Created("PD_IOInfos") - before.Created["PD_IOInfos"], Is.EqualTo(2));
        Assert.That(AbiTestDouble.Created("PD_IOInfo") - before.Created["PD_IOInfo"], Is.EqualTo(3), "one per input and output, freed by PD_IOInfosDestroy");
    }

    [Test]
    public void Dispose_twice_destroys_once()
    {
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        var predictor = model.CreatePredictor();
        var tensor = predictor.GetInputTensor("x");
        tensor.Dispose();
        tensor.Dispose();
        predictor.Dispose();
        predictor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => predictor.Run());
        AbiTestDouble.Snapshot.AssertBalancedSince(before);
        Assert.That(AbiTestDouble.Destroyed("PD_Predictor") - before.Destroyed["PD_Predictor"], Is.EqualTo(1));
    }

    [Test]
    public void A_tensor_handle_keeps_its_predictor_alive_until_it_is_disposed()
    {
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        var predictor = model.CreatePredictor();
        var tensor = predictor.GetInputTensor("x");
        predictor.Dispose();
        Assert.That(AbiTestDouble.Destroyed("PD_Predictor"), Is.EqualTo(before.Destroyed["PD_Predictor"]), "destroy deferred while a tensor handle lives");
        tensor.Reshape([1, 3, 1, 1]);
        tensor.CopyFromCpu<float>([1, 2, 3]);
        tensor.Dispose();
        AbiTestDouble.Snapshot.AssertBalancedSince(before);
    }

    [Test]
    public void Concurrent_clone_run_and_dispose_destroy_every_object_exactly_once()
    {
        var before = AbiTestDouble.Take();
        using var model = new FakeModel();
        var source = model.CreatePredictor();
        using var start = new Barrier(9);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var clones = 0;
        var workers = Enumerable.Range(0, 8).Select(w => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var i = 0; i < 50; i++)
                {
                    PaddlePredictor clone;
                    try
                    {
                        clone = source.Clone();
                    }
                    catch (ObjectDisposedException)
                    {
                        return; // the source was disposed by the other thread: expected
                    }

                    Interlocked.Increment(ref clones);
                    using (clone)
                    {
                        var data = new float[] { w, i, 1, 2, 3, 4 };
                        using var x = Tensor.Wrap(data, [1, 3, 1, 2]);
                        var outputs = clone.Run([new NamedTensor("x", x)]);
                        var y = outputs[0].AsSpan<float>().ToArray();
                        foreach (var o in outputs)
                        {
                            o.Dispose();
                        }

                        if (!y.SequenceEqual(data.Select(v => 2 * v + 1)))
                        {
                            throw new InvalidOperationException($"worker {w} run {i}: wrong output");
                        }
                    }
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToList();
        var disposer = new Thread(() =>
        {
            start.SignalAndWait();
            Thread.Sleep(5);
            source.Dispose();
            source.Dispose();
        });
        workers.ForEach(t => t.Start());
        disposer.Start();
        workers.ForEach(t => t.Join());
        disposer.Join();

        Assert.That(errors, Is.Empty);
        Assert.That(clones, Is.GreaterThan(0));
        AbiTestDouble.Snapshot.AssertBalancedSince(before);
        Assert.That(AbiTestDouble.Created("PD_Predictor") - before.Created["PD_Predictor"], Is.EqualTo(clones + 1));
    }
}

using System.Collections.Concurrent;

namespace PaddleInferenceSharp.Ocr.Modules;

/// <summary>
/// Long-lived background threads, each running the jobs posted to it one after another. A module that splits one
/// call over several threads uses the same threads every time: thread-pool threads would vary from call to call, and
/// every thread that rents buffers keeps its own cache of them in the shared array pools (more threads, more memory).
/// </summary>
internal sealed class HelperThreads : IDisposable
{
    private readonly BlockingCollection<(Action Job, TaskCompletionSource Done)>[] _queues;
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="count"/> background threads named <paramref name="name"/> 1, 2, ...</summary>
    public HelperThreads(int count, string name)
    {
        _queues = new BlockingCollection<(Action, TaskCompletionSource)>[count];
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            var queue = _queues[i] = new BlockingCollection<(Action, TaskCompletionSource)>();
            _threads[i] = new Thread(() => Serve(queue)) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="job"/> on helper <paramref name="index"/>; the task ends with it (and with its exception).</summary>
    public Task Run(int index, Action job)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queues[index].Add((job, done));
        return done.Task;
    }

    /// <summary>Lets the threads finish their jobs and end.</summary>
    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue.CompleteAdding();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var queue in _queues)
        {
            queue.Dispose();
        }
    }

    private static void Serve(BlockingCollection<(Action Job, TaskCompletionSource Done)> queue)
    {
        foreach (var (job, done) in queue.GetConsumingEnumerable())
        {
            try
            {
                job();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }
}

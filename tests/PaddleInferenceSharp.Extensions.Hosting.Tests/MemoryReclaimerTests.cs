using Microsoft.Extensions.Logging.Abstractions;
using PaddleInferenceSharp.Imaging;

namespace PaddleInferenceSharp.Extensions.Hosting.Tests;

public sealed class MemoryReclaimerTests
{
    [Test]
    public void An_ordinary_job_is_not_followed_by_a_collection()
    {
        var reclaimer = new MemoryReclaimer(TimeSpan.Zero);
        var before = MemoryReclaimer.BeforeJob();
        using (BgrImage.Create(1000, 1000))
        {
        }

        reclaimer.AfterJob(before, NullLogger.Instance);
        Assert.That(reclaimer.Collections, Is.Zero);
    }

    [Test]
    public void A_job_with_oversize_buffers_is_followed_by_a_collection_and_one_soon_after_by_a_deferred_one()
    {
        var reclaimer = new MemoryReclaimer(TimeSpan.FromSeconds(1));
        RunOversizeJob(reclaimer);
        Assert.That(reclaimer.Collections, Is.EqualTo(1), "the first one collects at once");

        RunOversizeJob(reclaimer);
        RunOversizeJob(reclaimer);
        Assert.That(reclaimer.Collections, Is.EqualTo(1), "within the interval the collection waits");
        Assert.That(() => reclaimer.Collections, Is.EqualTo(2).After(5000, 50), "one deferred collection for both");
    }

    // 2 x 5,000 x 5,000 BGR pages: 150 MB allocated outside the pools.
    private static void RunOversizeJob(MemoryReclaimer reclaimer)
    {
        var before = MemoryReclaimer.BeforeJob();
        using (BgrImage.Create(5000, 5000))
        using (BgrImage.Create(5000, 5000))
        {
        }

        reclaimer.AfterJob(before, NullLogger.Instance);
    }
}

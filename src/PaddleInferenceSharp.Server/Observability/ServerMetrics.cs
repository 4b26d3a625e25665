using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PaddleInferenceSharp.Server.Observability;

/// <summary>
/// Request metrics of the OCR endpoint, served at <c>GET /metrics</c> in Prometheus text format: requests by status,
/// a latency histogram, requests in flight, queue length, busy workers, pages processed, process memory and the managed heap's size, commitment and fragmentation.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<int, long> _byStatus = new();
    private readonly LatencyHistogram _latency = new();
    private long _inFlight;
    private long _pages;

    /// <summary>Requests being handled now.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Marks a request as started.</summary>
    public void Started() => Interlocked.Increment(ref _inFlight);

    /// <summary>Records a finished request: its status, latency and the pages it processed.</summary>
    public void Finished(int status, TimeSpan elapsed, int pages)
    {
        Interlocked.Decrement(ref _inFlight);
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        _latency.Observe(elapsed);
        Interlocked.Add(ref _pages, pages);
    }

    /// <summary>Requests answered with <paramref name="status"/> so far.</summary>
    public long Count(int status) => _byStatus.TryGetValue(status, out var n) ? n : 0;

    /// <summary>The metrics in Prometheus text exposition format.</summary>
    public string ToPrometheusText(int queueLength, int queueCapacity, int busyWorkers, int workers)
    {
        var text = new StringBuilder();
        text.Append("# HELP ocr_requests_total Requests to POST /ocr by HTTP status.\n# TYPE ocr_requests_total counter\n");
        foreach (var (status, count) in _byStatus.OrderBy(p => p.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"ocr_requests_total{{status=\"{status}\"}} {count}\n");
        }

        text.Append("# HELP ocr_request_duration_seconds Latency of POST /ocr, from the request to the answer.\n# TYPE ocr_request_duration_seconds histogram\n");
        _latency.Write(text, "ocr_request_duration_seconds", string.Empty);
        Gauge(text, "ocr_requests_in_flight", "Requests being handled.", InFlight);
        Gauge(text, "ocr_queue_length", "Requests waiting for a worker.", queueLength);
        Gauge(text, "ocr_queue_capacity", "Requests that may wait before 503.", queueCapacity);
        Gauge(text, "ocr_workers_busy", "Workers running a request.", busyWorkers);
        Gauge(text, "ocr_workers", "Workers (one pipeline each).", workers);
        text.Append(CultureInfo.InvariantCulture, $"# HELP ocr_pages_total Images and PDF pages processed.\n# TYPE ocr_pages_total counter\nocr_pages_total {Interlocked.Read(ref _pages)}\n");
        Gauge(text, "process_resident_memory_bytes", "Resident memory of the server process.", Environment.WorkingSet);
        Gauge(text, "dotnet_gc_heap_bytes", "Managed heap size.", GC.GetTotalMemory(false));
        var gc = GC.GetGCMemoryInfo();
        Gauge(text, "dotnet_gc_committed_bytes", "Memory the managed heap has committed (at the last collection).", gc.TotalCommittedBytes);
        Gauge(text, "dotnet_gc_fragmented_bytes", "Free space inside the managed heap (at the last collection).", gc.FragmentedBytes);
        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
}

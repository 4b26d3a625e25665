using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>Healthy once every pipeline is loaded, Degraded while loading, Unhealthy when a pipeline failed to load.</summary>
internal sealed class OcrHealthCheck(IOcrService service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ready = service.Ready;
        var result = ready.IsFaulted
            ? HealthCheckResult.Unhealthy("The OCR pipeline failed to load: " + ready.Exception!.InnerException!.Message, ready.Exception.InnerException)
            : service.IsReady
                ? HealthCheckResult.Healthy("Every OCR pipeline is loaded.")
                : ready.IsCompletedSuccessfully
                    ? HealthCheckResult.Unhealthy("The OCR service is shutting down.")
                    : HealthCheckResult.Degraded("The OCR pipelines are loading.");
        return Task.FromResult(result);
    }
}

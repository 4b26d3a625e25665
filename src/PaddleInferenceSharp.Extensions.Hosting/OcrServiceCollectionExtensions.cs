using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaddleInferenceSharp.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PaddleInferenceSharp's OCR service (<see cref="IOcrService"/>) with dependency injection.</summary>
public static class OcrServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="IOcrService"/> (and <see cref="OcrService"/>): a pool of OCR pipelines that starts
    /// loading when the host starts and drains when it stops. Logging and metrics come from the host.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options (engine, models, pool size); PaddleX's defaults otherwise.</param>
    public static IServiceCollection AddPaddleOcr(this IServiceCollection services, Func<OcrServiceOptions, OcrServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OcrServiceHolder>().Configure(h => h.Options = configure is null ? h.Options : configure(h.Options));
        return AddCore(services);
    }

    /// <summary>
    /// Adds the OCR service with options read from a configuration section whose keys are PaddleX's parameter names
    /// (see <see cref="OcrServiceConfiguration"/>), e.g. <c>"PaddleOcr": { "use_doc_unwarping": false, "workers": 2 }</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("PaddleOcr")</c>.</param>
    /// <param name="configure">Further changes after the configuration is applied, or null.</param>
    /// <exception cref="InvalidOperationException">When the service is first resolved: an unknown key or a bad value (named in the message).</exception>
    public static IServiceCollection AddPaddleOcr(this IServiceCollection services, IConfiguration section, Func<OcrServiceOptions, OcrServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<OcrServiceHolder>().Configure(h =>
        {
            h.Options = OcrServiceConfiguration.Bind(section, h.Options);
            if (configure is not null)
            {
                h.Options = configure(h.Options);
            }
        });
        return AddCore(services);
    }

    /// <summary>Adds a health check of the OCR service: Healthy once every pipeline is loaded, Degraded while loading, Unhealthy when loading failed (with the cause).</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags for filtering, or null.</param>
    public static IHealthChecksBuilder AddPaddleOcr(this IHealthChecksBuilder builder, string name = "paddleocr", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<OcrHealthCheck>(name, HealthStatus.Unhealthy, tags ?? []);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new OcrService(
            sp.GetRequiredService<IOptions<OcrServiceHolder>>().Value.Options,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IOcrService>(sp => sp.GetRequiredService<OcrService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OcrHostedService>());
        return services;
    }
}

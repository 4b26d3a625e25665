using Microsoft.Extensions.Hosting;

namespace PaddleInferenceSharp.Extensions.Hosting;

/// <summary>Creates the OCR service when the host starts (its pipelines load in the background) and drains it when the host stops.</summary>
internal sealed class OcrHostedService(IServiceProvider services) : IHostedService
{
    private OcrService? _service;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _service = (OcrService)services.GetService(typeof(OcrService))!;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_service is not { } service)
        {
            return;
        }

        // New calls are refused from now on; queued and running ones finish, as long as the host's shutdown timeout allows.
        try
        {
            await Task.Run(() => service.Drain(TimeSpan.FromMinutes(10)), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host stops waiting; the workers finish on their own.
        }
    }
}

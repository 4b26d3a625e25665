using Microsoft.Extensions.Logging;
using PaddleInferenceSharp.Engine;

namespace PaddleInferenceSharp.Ocr;

public sealed partial class OcrPipeline
{
    // The pipeline of this one's settings on another device, loaded on first use and kept (PaddleX's predict(device=...)).
    // The engine is shared when it was given to Create or serves the device (the CPU, or Paddle Inference for every
    // device), else one is created for it as OcrPipelineOptions.Engine chooses.
    private OcrPipeline OnDevice(InferenceDevice device)
    {
        lock (_onDevice)
        {
            if (!_onDevice.TryGetValue(device, out var pipeline))
            {
                var options = Options with { Device = device };
                var shareEngine = !_ownsEngine || device.IsCpu || _engine.Name == "paddle";
                _logger.LogInformation("Loading the pipeline's models on device {Device} for a call that asked for it", device);
                pipeline = Create(options, _loggerFactory, shareEngine ? _engine : null);
                pipeline.Timings = Timings;
                _onDevice[device] = pipeline;
            }

            return pipeline;
        }
    }
}

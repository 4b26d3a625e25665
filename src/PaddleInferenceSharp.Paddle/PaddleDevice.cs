namespace PaddleInferenceSharp.Paddle;

/// <summary>
/// PaddleX's <c>--device</c> notation (<c>cpu</c>, <c>gpu:0</c>, <c>xpu:0</c>, <c>npu:0</c>, ...) mapped onto a
/// <see cref="PaddleConfig"/>: GPU through CUDA, XPU through Kunlunxin, and npu/mlu/gcu/sdaa as Paddle custom devices
/// (PaddleX runs Ascend NPUs through the "npu" custom-device plugin).
/// </summary>
/// <param name="Kind">The device kind: cpu, gpu, xpu or a custom device type.</param>
/// <param name="Id">The device index (0 when not given).</param>
public sealed record PaddleDevice(string Kind, int Id)
{
    private static readonly string[] CustomDeviceKinds = ["npu", "mlu", "gcu", "sdaa", "iluvatar_gpu", "metax_gpu"];

    /// <summary>Parses <c>kind[:id]</c>.</summary>
    /// <exception cref="ArgumentException">Unknown kind or bad id.</exception>
    public static PaddleDevice Parse(string device)
    {
        var parsed = Engine.InferenceDevice.Parse(device);
        var kind = parsed.Kind;
        var id = parsed.Id;
        if (kind is "dcu")
        {
            // PaddleX runs Hygon DCUs through Paddle's GPU (ROCm) place.
            kind = "gpu";
        }

        if (kind is not ("cpu" or "gpu" or "xpu") && !CustomDeviceKinds.Contains(kind))
        {
            throw new ArgumentException($"Unknown device '{device}'; expected cpu, gpu:N, xpu:N or a custom device ({string.Join(", ", CustomDeviceKinds)}):N.", nameof(device));
        }

        return new PaddleDevice(kind, id);
    }

    /// <summary>Applies the device to <paramref name="config"/>.</summary>
    /// <param name="config">The config to set.</param>
    /// <param name="options">oneDNN (CPU) and GPU memory settings.</param>
    /// <param name="precision">The precision of GPU and custom-device kernels (the CPU runs float32).</param>
    /// <exception cref="PaddleFeatureNotSupportedException">The C API cannot select this device (XPU index other than 0).</exception>
    public void Apply(PaddleConfig config, PaddleInferenceOptions options, PaddlePrecision precision = PaddlePrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        switch (Kind)
        {
            case "cpu":
                config.DisableGpu();
                if (options.UseOneDnn)
                {
                    config.EnableOneDnn(options.OneDnnCacheCapacity);
                }

                break;
            case "gpu":
                config.EnableGpu(Id, options.GpuMemoryPoolMb, precision);
                break;
            case "xpu":
                if (Id != 0)
                {
                    throw new PaddleFeatureNotSupportedException(nameof(Bindings.Paddle.PaddleNative.PD_ConfigEnableXpu),
                        $"The Paddle C API has no XPU device index; use xpu:0 and select the card with XPU_VISIBLE_DEVICES={Id}.");
                }

                config.EnableXpu();
                break;
            default:
                config.EnableCustomDevice(Kind, Id, precision);
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind == "cpu" ? "cpu" : $"{Kind}:{Id}";
}

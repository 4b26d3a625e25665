using System.Globalization;

namespace PaddleInferenceSharp.Engine;

/// <summary>The kinds of device a model can run on.</summary>
public enum InferenceDeviceType
{
    /// <summary>The processor.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU (CUDA).</summary>
    Gpu,

    /// <summary>A Kunlun XPU.</summary>
    Xpu,

    /// <summary>An Ascend NPU.</summary>
    Npu,
}

/// <summary>A device in PaddleX notation: <c>cpu</c>, <c>gpu:0</c>, <c>xpu:0</c>, <c>npu:0</c>.</summary>
/// <param name="Type">The kind of device.</param>
/// <param name="Id">The device number; 0 for the CPU.</param>
public readonly record struct InferenceDevice(InferenceDeviceType Type, int Id = 0)
{
    /// <summary>The processor.</summary>
    public static InferenceDevice Cpu => new(InferenceDeviceType.Cpu);

    /// <summary>GPU number <paramref name="id"/>.</summary>
    public static InferenceDevice Gpu(int id = 0) => new(InferenceDeviceType.Gpu, id);

    /// <summary>Parses PaddleX's notation (<c>cpu</c>, <c>gpu</c>, <c>gpu:1</c>, <c>xpu:0</c>, <c>npu:0</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">Not such a device; the message names the value.</exception>
    public static InferenceDevice Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim().ToLowerInvariant();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        var id = 0;
        if (colon >= 0 && !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            throw new ArgumentException($"Device '{value}': the device number after ':' must be a non-negative integer (e.g. gpu:0).", nameof(value));
        }

        InferenceDeviceType type = name switch
        {
            "cpu" => InferenceDeviceType.Cpu,
            "gpu" or "cuda" => InferenceDeviceType.Gpu,
            "xpu" => InferenceDeviceType.Xpu,
            "npu" => InferenceDeviceType.Npu,
            _ => throw new ArgumentException($"Unknown device '{value}'; expected cpu, gpu:N, xpu:N or npu:N.", nameof(value)),
        };
        if (type == InferenceDeviceType.Cpu && id != 0)
        {
            throw new ArgumentException($"Device '{value}': the CPU has no device number.", nameof(value));
        }

        return new InferenceDevice(type, id);
    }

    /// <summary>PaddleX's notation: <c>cpu</c> or <c>gpu:0</c>.</summary>
    public override string ToString() => Type == InferenceDeviceType.Cpu
        ? "cpu"
        : string.Create(CultureInfo.InvariantCulture, $"{Type.ToString().ToLowerInvariant()}:{Id}");
}

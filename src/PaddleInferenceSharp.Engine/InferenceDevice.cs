using System.Globalization;

namespace PaddleInferenceSharp.Engine;

/// <summary>
/// A device in PaddleX notation, <c>kind[:id]</c>: <c>cpu</c>, <c>gpu:0</c>, <c>xpu:0</c>, <c>npu:0</c>, or another
/// device kind an engine knows (Paddle's custom devices such as <c>mlu:0</c>). Each engine refuses kinds it cannot
/// serve, naming them.
/// </summary>
/// <param name="Kind">The device kind, lower case (<c>cpu</c>, <c>gpu</c>, <c>xpu</c>, <c>npu</c>, ...).</param>
/// <param name="Id">The device number; 0 for the CPU.</param>
public readonly record struct InferenceDevice(string Kind, int Id = 0)
{
    /// <summary>The processor.</summary>
    public static InferenceDevice Cpu => new("cpu");

    /// <summary>Whether this is the processor.</summary>
    public bool IsCpu => Kind is null or "cpu";

    /// <summary>GPU number <paramref name="id"/>.</summary>
    public static InferenceDevice Gpu(int id = 0) => new("gpu", id);

    /// <summary>Parses PaddleX's notation <c>kind[:id]</c> (case-insensitive; <c>gpu</c> alone is <c>gpu:0</c>).</summary>
    /// <exception cref="ArgumentException">Not of that form, or several devices (see <see cref="ParseList"/>); the message names the value.</exception>
    public static InferenceDevice Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Device '{value}' names several devices; one pipeline runs on one device. A pool spreads its workers over several " +
                "(OcrServiceOptions.Devices, paddlex-sharp --device gpu:0,1).", nameof(value));
        }

        var text = value.Trim().ToLowerInvariant();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? text : text[..colon];
        var id = 0;
        if (colon >= 0 && !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            throw new ArgumentException($"Device '{value}' has an invalid index; expected e.g. gpu:0.", nameof(value));
        }

        if (kind.Length == 0 || !kind.All(c => c is >= 'a' and <= 'z' or '_'))
        {
            throw new ArgumentException($"Unknown device '{value}'; expected cpu, gpu:N, xpu:N or npu:N.", nameof(value));
        }

        if (kind == "cpu" && id != 0)
        {
            throw new ArgumentException($"Device '{value}': the CPU has no device number.", nameof(value));
        }

        return new InferenceDevice(kind, id);
    }

    /// <summary>
    /// Parses one device or several in PaddleX's notation for several: <c>gpu:1,2</c> (one kind, several numbers; each
    /// number may also repeat the kind, <c>gpu:1,gpu:2</c>). A single device gives a list of one.
    /// </summary>
    /// <exception cref="ArgumentException">A part is not a device, the kinds differ, a device repeats, or the CPU is listed with others; the message names the value.</exception>
    public static IReadOnlyList<InferenceDevice> ParseList(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            return [Parse(value)];
        }

        var first = Parse(parts[0]);
        if (first.IsCpu)
        {
            throw new ArgumentException($"Device list '{value}': the CPU is one device; list GPUs or other accelerators, e.g. gpu:0,1.", nameof(value));
        }

        var devices = new List<InferenceDevice>(parts.Length) { first };
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 0)
            {
                throw new ArgumentException($"Device list '{value}' has an empty entry.", nameof(value));
            }

            var device = part.Contains(':', StringComparison.Ordinal) || !char.IsAsciiDigit(part[0]) ? Parse(part) : Parse(first.Kind + ":" + part);
            if (device.Kind != first.Kind)
            {
                throw new ArgumentException($"Device list '{value}' mixes kinds ({first.Kind}, {device.Kind}); PaddleX lists devices of one kind.", nameof(value));
            }

            if (devices.Contains(device))
            {
                throw new ArgumentException($"Device list '{value}' names {device} twice.", nameof(value));
            }

            devices.Add(device);
        }

        return devices;
    }

    /// <summary>PaddleX's notation: <c>cpu</c> or <c>gpu:0</c>.</summary>
    public override string ToString() => IsCpu ? "cpu" : string.Create(CultureInfo.InvariantCulture, $"{Kind}:{Id}");
}

using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// Kunlunxin XPU and custom-device plugins.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>Runs on a Kunlunxin XPU (<c>PD_ConfigEnableXpu</c>). The C API has no XPU device id: select the card with <c>XPU_VISIBLE_DEVICES</c>.</summary>
    /// <param name="l3WorkspaceSize">L3 cache size in bytes.</param>
    /// <param name="l3Locked">Lock L3 for this predictor.</param>
    /// <param name="convAutotune">Autotune convolutions.</param>
    /// <param name="convAutotuneFile">File for autotune results (empty: none).</param>
    /// <param name="transformerEncoderPrecision">e.g. "int16", "int31".</param>
    /// <param name="transformerEncoderAdaptiveSeqlen">Adaptive sequence length for encoders.</param>
    /// <param name="enableMultiStream">Multi-stream execution (Paddle 2.5+; ignored by older libraries, so refused there).</param>
    public void EnableXpu(int l3WorkspaceSize = 0xfffc00, bool l3Locked = false, bool convAutotune = true, string convAutotuneFile = "",
        string transformerEncoderPrecision = "int16", bool transformerEncoderAdaptiveSeqlen = false, bool enableMultiStream = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(l3WorkspaceSize);
        ArgumentNullException.ThrowIfNull(convAutotuneFile);
        ArgumentNullException.ThrowIfNull(transformerEncoderPrecision);
        if (enableMultiStream)
        {
            Library.RequireVersion(2, 5, nameof(PaddleNative.PD_ConfigEnableXpu), "XPU multi-stream");
        }

        using var strings = new NativeUtf8Strings([convAutotuneFile, transformerEncoderPrecision]);
        using var c = Use();
        PaddleNative.PD_ConfigEnableXpu(c.Pointer, l3WorkspaceSize, Bool(l3Locked), Bool(convAutotune), strings.Array[0], strings.Array[1],
            Bool(transformerEncoderAdaptiveSeqlen), Bool(enableMultiStream));
    }

    /// <summary>Whether an XPU is used.</summary>
    public bool UseXpu => Flag(&PaddleNative.PD_ConfigUseXpu);

    /// <summary>The XPU device id.</summary>
    public int XpuDeviceId => Int(&PaddleNative.PD_ConfigXpuDeviceId);

    /// <summary>Runs on a custom device plugin (e.g. "npu" for Ascend, "mlu", "gcu").</summary>
    /// <param name="deviceType">The plugin's device type.</param>
    /// <param name="deviceId">The device index.</param>
    /// <param name="precision">Precision; other than float32 needs Paddle 3.0 (2.5/2.6 had no precision parameter).</param>
    public void EnableCustomDevice(string deviceType, int deviceId = 0, PaddlePrecision precision = PaddlePrecision.Float32)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceType);
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        CheckPrecision(precision);
        Library.RequireExport(nameof(PaddleNative.PD_ConfigEnableCustomDevice), "Custom devices (" + deviceType + ")");
        if (precision != PaddlePrecision.Float32)
        {
            Library.RequireVersion(3, 0, nameof(PaddleNative.PD_ConfigEnableCustomDevice), "Custom device precision " + precision);
        }

        using var s = NativeUtf8Strings.Of(deviceType);
        using var c = Use();
        PaddleNative.PD_ConfigEnableCustomDevice(c.Pointer, s.First, deviceId, (int)precision);
    }

    /// <summary>Whether a custom device is used.</summary>
    public bool UseCustomDevice => HasAndFlag(nameof(PaddleNative.PD_ConfigUseCustomDevice), &PaddleNative.PD_ConfigUseCustomDevice);

    /// <summary>The custom device index.</summary>
    public int CustomDeviceId => Int(&PaddleNative.PD_ConfigCustomDeviceId);

    /// <summary>The custom device type.</summary>
    public string CustomDeviceType
    {
        get
        {
            Library.RequireExport(nameof(PaddleNative.PD_ConfigCustomDeviceType), "Reading the custom device type");
            using var c = _handle.Lease();
            return PaddleReturnedArrays.TakeMallocString(PaddleNative.PD_ConfigCustomDeviceType(c.Pointer));
        }
    }
}

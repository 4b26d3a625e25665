using PaddleInferenceSharp.Bindings.Paddle;

namespace PaddleInferenceSharp.Paddle;

// Profiling, glog output, validity and Paddle's summary of the settings.
public sealed unsafe partial class PaddleConfig
{
    /// <summary>Profiles operators during runs.</summary>
    public void EnableProfile() => Action(&PaddleNative.PD_ConfigEnableProfile);

    /// <summary>Whether profiling is on.</summary>
    public bool ProfileEnabled => Flag(&PaddleNative.PD_ConfigProfileEnabled);

    /// <summary>Silences glog INFO messages.</summary>
    public void DisableGlogInfo() => Action(&PaddleNative.PD_ConfigDisableGlogInfo);

    /// <summary>Whether glog INFO is silenced.</summary>
    public bool GlogInfoDisabled => Flag(&PaddleNative.PD_ConfigGlogInfoDisabled);

    /// <summary>Whether the config may still create a predictor (Paddle invalidates it once used).</summary>
    public bool IsValid => Flag(&PaddleNative.PD_ConfigIsValid);

    /// <summary>Paddle's own description of the settings.</summary>
    public string Summary
    {
        get
        {
            Library.RequireExport(nameof(PaddleNative.PD_ConfigSummary), "The config summary");
            using var c = _handle.Lease();
            var text = PaddleNative.PD_ConfigSummary(c.Pointer);
            return text is null
                ? throw new PaddleInferenceException(nameof(PaddleNative.PD_ConfigSummary), "PD_ConfigSummary returned NULL.")
                : PaddleReturnedArrays.TakeString(text);
        }
    }
}

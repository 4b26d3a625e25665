namespace PaddleInferenceSharp.Cli;

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Every input was processed.</summary>
    public const int Success = 0;

    /// <summary>The command line is invalid.</summary>
    public const int Usage = 2;

    /// <summary>At least one input could not be read or decoded (the others were processed).</summary>
    public const int InputError = 3;

    /// <summary>A model or the inference engine could not be loaded or failed.</summary>
    public const int ModelError = 4;

    /// <summary>The run was interrupted (Ctrl+C); results finished before then were written (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}

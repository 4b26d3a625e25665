namespace PaddleInferenceSharp.Native;

/// <summary>One place where a native library was looked for.</summary>
/// <param name="Source">Where the candidate came from (option, environment variable, app-local folder, ...).</param>
/// <param name="Candidate">The path or library name tried; null when the source was not set.</param>
/// <param name="Failure">Why it failed: "not set", "file not found", or the loader's own message.</param>
public sealed record NativeLibraryAttempt(string Source, string? Candidate, string Failure)
{
    /// <inheritdoc />
    public override string ToString() => Candidate is null ? $"{Source}: {Failure}" : $"{Source}: {Candidate}: {Failure}";
}

namespace PaddleInferenceSharp.Native;

/// <summary>A native library could not be loaded from any of the places searched.</summary>
public sealed class NativeLibraryNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="libraryDisplayName">The library that was looked for.</param>
    /// <param name="attempts">Each place searched and why it failed.</param>
    /// <param name="installHint">What the user should do.</param>
    public NativeLibraryNotFoundException(string libraryDisplayName, IReadOnlyList<NativeLibraryAttempt> attempts, string installHint)
        : base(Format(libraryDisplayName, attempts, installHint))
    {
        LibraryName = libraryDisplayName;
        Attempts = attempts;
    }

    /// <summary>The library that was looked for.</summary>
    public string LibraryName { get; }

    /// <summary>Each place searched, in order, and why it failed.</summary>
    public IReadOnlyList<NativeLibraryAttempt> Attempts { get; }

    private static string Format(string name, IReadOnlyList<NativeLibraryAttempt> attempts, string hint)
    {
        var lines = new System.Text.StringBuilder();
        lines.Append("Could not load ").Append(name).Append(". Searched:");
        for (var i = 0; i < attempts.Count; i++)
        {
            lines.Append('\n').Append("  ").Append(i + 1).Append(". ").Append(attempts[i]);
        }

        lines.Append('\n').Append(hint);
        return lines.ToString();
    }
}

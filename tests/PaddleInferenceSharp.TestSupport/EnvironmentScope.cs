namespace PaddleInferenceSharp.TestSupport;

/// <summary>Sets environment variables of this process (null removes one) until disposed, then restores them; for tests that do not run in parallel.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="variables"/>; child processes started meanwhile inherit them.</summary>
    public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Restores the previous values.</summary>
    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _previous.Clear();
    }
}

using Microsoft.Extensions.Logging;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>A logger (and logger factory) that keeps every message, for tests that assert what was logged.</summary>
public sealed class ListLogger : ILogger, ILoggerFactory
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>The messages, in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_entries)
            {
                return _entries.Select(e => e.Message).ToArray();
            }
        }
    }

    /// <summary>The messages logged at <paramref name="level"/>.</summary>
    public IReadOnlyList<string> At(LogLevel level)
    {
        lock (_entries)
        {
            return _entries.Where(e => e.Level == level).Select(e => e.Message).ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}

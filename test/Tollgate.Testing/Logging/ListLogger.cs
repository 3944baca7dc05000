using Microsoft.Extensions.Logging;

namespace Tollgate.Testing.Logging;

/// <summary>A logger that keeps every entry (level, event id, formatted message, exception) for assertions. Thread-safe.</summary>
/// <typeparam name="T">The category.</typeparam>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<LogEntry> entries = [];

    /// <summary>What was logged so far, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>Each entry's message followed by its exception's text, for checks that nothing leaked into either.</summary>
    public IReadOnlyList<string> Messages => [.. Entries.Select(e => $"{e.Message} {e.Exception}")];

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (gate)
        {
            entries.Add(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}

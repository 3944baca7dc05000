using Microsoft.Extensions.Logging;

namespace Tollgate.Pipeline.Tests;

/// <summary>A logger that keeps every entry (level, event id, formatted message, exception) for assertions.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<LogEntry> entries = [];

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

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (gate)
        {
            entries.Add(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}

/// <summary>One entry of a <see cref="ListLogger{T}"/>.</summary>
internal sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);

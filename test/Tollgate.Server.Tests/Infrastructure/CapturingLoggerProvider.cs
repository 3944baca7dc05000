using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry as text: category, formatted message, exception, the raw state and its values, and the
/// scopes, so a test can search everything a logger was handed, not only what a console would print.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<string> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AppendValues(StringBuilder text, object? state)
    {
        text.Append(" | ").Append(state);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (name, value) in values)
            {
                text.Append(" | ").Append(name).Append('=').Append(value);
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder();
            text.Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ").Append(formatter(state, exception));
            AppendValues(text, state);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            provider.scopes.ForEachScope((scope, builder) => AppendValues(builder, scope), text);
            provider.entries.Enqueue(text.ToString());
        }
    }
}

using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>One log entry with every key/value of every scope active when it was written, outermost first.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Scopes)
{
    /// <summary>The values of the scopes' <paramref name="key"/>, outermost first (ASP.NET's own scope has a RequestId too).</summary>
    public IReadOnlyList<string?> ScopeValues(string key) =>
        [.. Scopes.Where(pair => pair.Key == key).Select(pair => pair.Value?.ToString())];
}

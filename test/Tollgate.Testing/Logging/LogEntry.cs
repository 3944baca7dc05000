using Microsoft.Extensions.Logging;

namespace Tollgate.Testing.Logging;

/// <summary>One entry a <see cref="ListLogger{T}"/> kept.</summary>
/// <param name="Level">Its level.</param>
/// <param name="EventId">Its event id's number.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);

using Microsoft.Extensions.Logging;

namespace Tollgate.Pipeline.Streams;

/// <summary>The stream collectors' log messages. None contains entry contents; entry ids and reasons only.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Collecting the {Signal} stream as consumer {Consumer}")]
    public static partial void Started(ILogger logger, string signal, string consumer);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Collecting the {Signal} stream failed; retrying with backoff until it works (logged once per outage, retries are counted in tollgate.stream.retries)")]
    public static partial void OutageStarted(ILogger logger, Exception exception, string signal);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Collecting the {Signal} stream works again after {Retries} retries over {Duration}")]
    public static partial void OutageEnded(ILogger logger, string signal, int retries, TimeSpan duration);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Moved {Signal} stream entry {EntryId} to the dead-letter stream: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string signal, string entryId, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Claimed {Count} {Signal} stream entries that other consumers left unacknowledged")]
    public static partial void Claimed(ILogger logger, int count, string signal);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "{Count} unacknowledged {Signal} stream entries were trimmed before they were stored and are lost; raise Pipeline:Redis:MaxLength")]
    public static partial void LostToTrimming(ILogger logger, int count, string signal);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "Removed {Count} consumers with nothing pending, idle for over {IdleTime}, from the {Signal} stream's group")]
    public static partial void ConsumersRemoved(ILogger logger, long count, TimeSpan idleTime, string signal);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Stopped collecting the {Signal} stream with {Count} entries unacknowledged; they will be delivered again")]
    public static partial void StoppedWithPending(ILogger logger, string signal, int count);
}

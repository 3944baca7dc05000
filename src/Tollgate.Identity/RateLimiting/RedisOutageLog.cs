using Microsoft.Extensions.Logging;

namespace Tollgate.Identity.RateLimiting;

/// <summary>
/// Logs a Redis-backed feature losing Redis once per outage, and its return once, however many requests run into it
/// in between. Names only the exception's type: the configuration string, and so the password, never appears.
/// Thread-safe.
/// </summary>
internal sealed partial class RedisOutageLog(ILogger logger, string feature, string consequence)
{
    private int down;

    /// <summary>Records a failed call; logs only the first of an outage.</summary>
    public void Failed(Exception? exception)
    {
        if (Interlocked.Exchange(ref down, 1) == 0)
        {
            LogUnavailable(logger, feature, consequence, exception?.GetType().Name ?? "not connected");
        }
    }

    /// <summary>Records a successful call; logs the end of an outage.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref down) == 1 && Interlocked.Exchange(ref down, 0) == 1)
        {
            LogRestored(logger, feature);
        }
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning, Message = "{Feature}: Redis cannot be reached ({Failure}); {Consequence} until it answers again.")]
    private static partial void LogUnavailable(ILogger logger, string feature, string consequence, string failure);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{Feature}: Redis answers again.")]
    private static partial void LogRestored(ILogger logger, string feature);
}

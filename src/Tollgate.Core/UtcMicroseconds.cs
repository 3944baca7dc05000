namespace Tollgate.Core;

/// <summary>
/// Times as the stores keep them: UTC, whole microseconds. A record created with such a time reads back exactly as the
/// creating response showed it.
/// </summary>
public static class UtcMicroseconds
{
    /// <summary>The current time of <paramref name="timeProvider"/>, truncated to the microsecond.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var now = timeProvider.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}

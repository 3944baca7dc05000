using Microsoft.Extensions.Time.Testing;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>
/// A server whose clock stands still at half past the real minute it was created in, so fixtures can be written at fixed
/// times of day relative to it, ranges never move under a test, and "now" is never on a bucket boundary. The clock is
/// near the real one on purpose: the rebuild command runs as its own process on the real clock, and both must agree on
/// what retention keeps.
/// </summary>
public class AnalyticsFactory : TollgateFactory
{
    public AnalyticsFactory()
    {
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddSeconds(30));
    }

    /// <summary>The server's now.</summary>
    public DateTimeOffset Now => Clock!.GetUtcNow();

    /// <summary>
    /// The start of yesterday (UTC): fixtures at any time of that day are in the past, and the day is well within the
    /// minute retention of 7 days.
    /// </summary>
    public DateTimeOffset Yesterday => new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1);
}

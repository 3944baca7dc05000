namespace Tollgate.Core.Analytics;

/// <summary>
/// Chooses and checks the buckets of a time series. Minute and five-minute series read minute (or, for service rows,
/// five-minute) rollups, so their range must lie within the minute retention; hour and day series read hour and day
/// rollups. Without an interval, one is chosen by the range's length: up to 6 hours by minute, up to 2 days by five
/// minutes, up to 60 days by hour, beyond by day, coarser when minute rollups do not reach back far enough.
/// </summary>
/// <remarks>Thread-safe (pure).</remarks>
public static class TimeseriesPlanner
{
    /// <summary>The most buckets one series may have, so a response stays a few hundred kilobytes at most.</summary>
    public const int MaxPoints = 1_500;

    private static readonly AnalyticsInterval[] Intervals =
        [AnalyticsInterval.OneMinute, AnalyticsInterval.FiveMinutes, AnalyticsInterval.OneHour, AnalyticsInterval.OneDay];

    /// <summary>Plans the series of [<paramref name="from"/>, <paramref name="to"/>) as of <paramref name="now"/>.</summary>
    /// <param name="from">The requested inclusive start.</param>
    /// <param name="to">The requested exclusive end.</param>
    /// <param name="interval">The interval asked for; null to choose one by the range.</param>
    /// <param name="now">The current time, against which retention is measured.</param>
    /// <param name="options">The retention of minute and hour rows.</param>
    public static TimeseriesPlan Plan(DateTimeOffset from, DateTimeOffset to, AnalyticsInterval? interval, DateTimeOffset now, RollupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (interval is { } asked)
        {
            var exact = PlanFor(from, to, asked, chosen: false, now, options);
            return exact.Refusal == TimeseriesRefusal.None ? exact : exact with { Suggested = FirstFitting(from, to, asked, now, options) };
        }

        var span = to - from;
        var preferred = span <= TimeSpan.FromHours(6) ? AnalyticsInterval.OneMinute
            : span <= TimeSpan.FromDays(2) ? AnalyticsInterval.FiveMinutes
            : span <= TimeSpan.FromDays(60) ? AnalyticsInterval.OneHour
            : AnalyticsInterval.OneDay;
        var plan = PlanFor(from, to, preferred, chosen: true, now, options);
        if (plan.Refusal == TimeseriesRefusal.None)
        {
            return plan;
        }

        return PlanFor(from, to, FirstFitting(from, to, preferred, now, options) ?? AnalyticsInterval.OneDay, chosen: true, now, options);
    }

    /// <summary>Whether <paramref name="interval"/> is read from minute rollups.</summary>
    private static bool ReadsMinutes(AnalyticsInterval interval) => interval is AnalyticsInterval.OneMinute or AnalyticsInterval.FiveMinutes;

    private static AnalyticsInterval? FirstFitting(DateTimeOffset from, DateTimeOffset to, AnalyticsInterval after, DateTimeOffset now, RollupOptions options)
    {
        for (var i = Array.IndexOf(Intervals, after) + 1; i < Intervals.Length; i++)
        {
            if (PlanFor(from, to, Intervals[i], chosen: false, now, options).Refusal == TimeseriesRefusal.None)
            {
                return Intervals[i];
            }
        }

        return null;
    }

    private static TimeseriesPlan PlanFor(DateTimeOffset from, DateTimeOffset to, AnalyticsInterval interval, bool chosen, DateTimeOffset now, RollupOptions options)
    {
        var seconds = (long)interval;
        var start = RollupRangePlanner.Floor(from, seconds);
        var end = RollupRangePlanner.Ceiling(to, seconds);

        // Nothing older than the hour retention is kept: the series starts at its first bucket wholly within it.
        var oldest = RollupRangePlanner.Ceiling(now.AddDays(-options.HourRetentionDays), seconds);
        if (start < oldest)
        {
            start = oldest < end ? oldest : end;
        }

        var points = (end - start).Ticks / (seconds * TimeSpan.TicksPerSecond);
        var refusal = ReadsMinutes(interval) && start < end && start < now.AddDays(-options.MinuteRetentionDays)
            ? TimeseriesRefusal.BeforeMinuteRetention
            : points > MaxPoints ? TimeseriesRefusal.TooManyPoints : TimeseriesRefusal.None;
        return new TimeseriesPlan(start, end, interval, chosen, points, refusal, null);
    }
}

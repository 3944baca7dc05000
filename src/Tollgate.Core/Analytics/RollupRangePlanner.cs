namespace Tollgate.Core.Analytics;

/// <summary>
/// Plans the rollup reads of a time range so that their number depends on the range's shape, not its length: whole UTC
/// days from day rows, whole hours from hour rows, and only the minutes at the edges from minute rows. A 30-day range
/// reads about 30 day rows per key and two edges, not 43,200 minutes.
/// </summary>
/// <remarks>
/// The range is first aligned outward to whole minutes. An edge whose minutes lie before now − <see
/// cref="RollupOptions.MinuteRetentionDays"/> is widened to its whole hour, because minute rows there may already be
/// deleted; a start before now − <see cref="RollupOptions.HourRetentionDays"/> is moved up to the first whole hour
/// after it, because nothing older is kept. The plan reports the range it really covers. Thread-safe (pure).
/// </remarks>
public static class RollupRangePlanner
{
    /// <summary>Plans the reads of [<paramref name="from"/>, <paramref name="to"/>) as of <paramref name="now"/>.</summary>
    /// <param name="from">The requested inclusive start.</param>
    /// <param name="to">The requested exclusive end.</param>
    /// <param name="now">The current time, against which retention is measured.</param>
    /// <param name="options">The retention of minute and hour rows.</param>
    public static RollupPlan Plan(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, RollupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const long minute = (long)RollupWidth.Minute;
        const long hour = (long)RollupWidth.Hour;
        const long day = (long)RollupWidth.Day;

        var start = Floor(from, minute);
        var end = Ceiling(to, minute);
        var oldest = Ceiling(now.AddDays(-options.HourRetentionDays), hour);
        if (start < oldest)
        {
            start = oldest;
        }

        if (start >= end)
        {
            return new RollupPlan(end, end, []);
        }

        // Minute rows from here on are still kept; an edge that reaches further back is read at hour precision.
        var minuteFloor = now.AddDays(-options.MinuteRetentionDays);
        if (start < minuteFloor)
        {
            start = Floor(start, hour);
        }

        var lastHour = Floor(end, hour);
        if (end != lastHour && Max(start, lastHour) < minuteFloor)
        {
            end = Ceiling(end, hour);
            lastHour = end;
        }

        var firstHour = Ceiling(start, hour);
        var segments = new List<RollupSegment>(5);
        if (firstHour > lastHour)
        {
            // Both ends inside one hour.
            segments.Add(new RollupSegment(RollupWidth.Minute, start, end));
            return new RollupPlan(start, end, segments);
        }

        AddIfNotEmpty(segments, RollupWidth.Minute, start, firstHour);
        var firstDay = Ceiling(firstHour, day);
        var lastDay = Floor(lastHour, day);
        if (firstDay < lastDay)
        {
            AddIfNotEmpty(segments, RollupWidth.Hour, firstHour, firstDay);
            segments.Add(new RollupSegment(RollupWidth.Day, firstDay, lastDay));
            AddIfNotEmpty(segments, RollupWidth.Hour, lastDay, lastHour);
        }
        else
        {
            AddIfNotEmpty(segments, RollupWidth.Hour, firstHour, lastHour);
        }

        AddIfNotEmpty(segments, RollupWidth.Minute, lastHour, end);
        return new RollupPlan(start, end, segments);
    }

    /// <summary><paramref name="value"/> rounded down to a multiple of <paramref name="seconds"/> since the Unix epoch (UTC).</summary>
    internal static DateTimeOffset Floor(DateTimeOffset value, long seconds)
    {
        // Ticks count from 0001-01-01, a whole number of days (so of every width that divides a day) before the epoch.
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % (seconds * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
    }

    /// <summary><paramref name="value"/> rounded up to a multiple of <paramref name="seconds"/> since the Unix epoch (UTC).</summary>
    internal static DateTimeOffset Ceiling(DateTimeOffset value, long seconds)
    {
        var floor = Floor(value, seconds);
        return floor.UtcTicks == value.UtcTicks ? floor : floor.AddSeconds(seconds);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void AddIfNotEmpty(List<RollupSegment> segments, RollupWidth width, DateTimeOffset from, DateTimeOffset to)
    {
        if (from < to)
        {
            segments.Add(new RollupSegment(width, from, to));
        }
    }
}

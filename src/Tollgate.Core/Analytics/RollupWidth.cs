namespace Tollgate.Core.Analytics;

/// <summary>
/// The bucket widths rollups are kept at; the value is the width in seconds. Endpoint and consumer rows count every
/// request per minute, hour and day, so a query reads whole days, then whole hours, then minutes at its edges, and its
/// cost depends on the range's shape, not on the traffic in it. Service rows, for time series, are kept per five
/// minutes, hour and day.
/// </summary>
public enum RollupWidth
{
    /// <summary>One bucket per UTC minute, for endpoint and consumer rows; kept for the minute retention (7 days by default).</summary>
    Minute = 60,

    /// <summary>
    /// One bucket per five UTC minutes, for <see cref="RollupKind.Service"/> rows only: a five-minute time series over a
    /// day reads 288 buckets per series instead of 1,440 minutes. Kept for the minute retention.
    /// </summary>
    FiveMinutes = 300,

    /// <summary>One bucket per UTC hour; kept for the hour retention (400 days by default).</summary>
    Hour = 3_600,

    /// <summary>One bucket per UTC day; kept as long as hours.</summary>
    Day = 86_400,
}

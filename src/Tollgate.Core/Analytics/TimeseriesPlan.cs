namespace Tollgate.Core.Analytics;

/// <summary>The buckets of a time series: its range aligned outward to the interval, and whether it can be answered.</summary>
/// <param name="From">The first bucket's start; what responses report.</param>
/// <param name="To">The last bucket's end; what responses report.</param>
/// <param name="Interval">The bucket width, asked for or chosen.</param>
/// <param name="IntervalChosen">True when the caller gave no interval and the planner chose it by the range's length.</param>
/// <param name="Points">Buckets per series.</param>
/// <param name="Refusal">Why the plan cannot be answered; <see cref="TimeseriesRefusal.None"/> when it can.</param>
/// <param name="Suggested">The finest coarser interval that can answer the range, when <paramref name="Refusal"/> is not none.</param>
public sealed record TimeseriesPlan(
    DateTimeOffset From,
    DateTimeOffset To,
    AnalyticsInterval Interval,
    bool IntervalChosen,
    long Points,
    TimeseriesRefusal Refusal,
    AnalyticsInterval? Suggested);

namespace Tollgate.Core.Analytics;

/// <summary>A computed time series.</summary>
/// <param name="From">The first bucket's start.</param>
/// <param name="To">The last bucket's end.</param>
/// <param name="Interval">The bucket width.</param>
/// <param name="IntervalChosen">True when the interval was chosen by the range's length.</param>
/// <param name="Buckets">Every bucket's start, oldest first, empty ones included.</param>
/// <param name="Series">The series with the most requests first, at most the limit asked for.</param>
/// <param name="TotalSeries">How many series there were before the limit.</param>
public sealed record TimeseriesResult(
    DateTimeOffset From,
    DateTimeOffset To,
    AnalyticsInterval Interval,
    bool IntervalChosen,
    IReadOnlyList<DateTimeOffset> Buckets,
    IReadOnlyList<TimeseriesSeries> Series,
    int TotalSeries);

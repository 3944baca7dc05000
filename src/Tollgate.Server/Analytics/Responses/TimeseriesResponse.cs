using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/timeseries</c>.</summary>
/// <param name="From">The first bucket's start: the range aligned down to the interval.</param>
/// <param name="To">The last bucket's end: the range aligned up to the interval.</param>
/// <param name="Metric">What the values measure.</param>
/// <param name="Interval">The bucket width: <c>1m</c>, <c>5m</c>, <c>1h</c> or <c>1d</c>.</param>
/// <param name="IntervalChosen">True when no interval was asked for and the server chose it by the range's length.</param>
/// <param name="GroupBy">What the series are split by: <c>none</c>, <c>service</c>, <c>endpoint</c>, <c>status_class</c> or <c>consumer</c>.</param>
/// <param name="Buckets">Every bucket's start, oldest first, empty ones included.</param>
/// <param name="Series">The series with the most requests first, at most the limit.</param>
/// <param name="TotalSeries">How many series there were before the limit.</param>
internal sealed record TimeseriesResponse(
    string From,
    string To,
    string Metric,
    string Interval,
    bool IntervalChosen,
    string GroupBy,
    IReadOnlyList<string> Buckets,
    IReadOnlyList<TimeseriesSeriesResponse> Series,
    int TotalSeries)
{
    public static TimeseriesResponse Of(TimeseriesResult result, AnalyticsMetric metric, AnalyticsGrouping groupBy) => new(
        AuditEventReader.Format(result.From),
        AuditEventReader.Format(result.To),
        AnalyticsNames.Of(metric),
        AnalyticsNames.Of(result.Interval),
        result.IntervalChosen,
        AnalyticsNames.Of(groupBy),
        [.. result.Buckets.Select(AuditEventReader.Format)],
        [.. result.Series.Select(TimeseriesSeriesResponse.From)],
        result.TotalSeries);
}

namespace Tollgate.Core.Analytics;

/// <summary>A time series to compute.</summary>
/// <param name="Plan">Its buckets, from <see cref="RequestAnalytics.PlanTimeseries"/>; must not be refused.</param>
/// <param name="Metric">What each point measures.</param>
/// <param name="GroupBy">What the series are split by.</param>
/// <param name="Limit">The most series returned, those with the most requests.</param>
/// <param name="Service">Only this service's requests, when set.</param>
public sealed record TimeseriesQuery(
    TimeseriesPlan Plan,
    AnalyticsMetric Metric,
    AnalyticsGrouping GroupBy,
    int Limit,
    string? Service = null);

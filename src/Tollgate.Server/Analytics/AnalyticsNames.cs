using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics;

/// <summary>The names the analytics API gives intervals, metrics, groupings and status classes, both ways.</summary>
internal static class AnalyticsNames
{
    public static readonly IReadOnlyList<(string Name, AnalyticsInterval Value)> Intervals =
    [
        ("1m", AnalyticsInterval.OneMinute),
        ("5m", AnalyticsInterval.FiveMinutes),
        ("1h", AnalyticsInterval.OneHour),
        ("1d", AnalyticsInterval.OneDay),
    ];

    public static readonly IReadOnlyList<(string Name, AnalyticsMetric Value)> Metrics =
    [
        ("count", AnalyticsMetric.Count),
        ("errors", AnalyticsMetric.Errors),
        ("error_rate", AnalyticsMetric.ErrorRate),
        ("p50", AnalyticsMetric.P50),
        ("p95", AnalyticsMetric.P95),
        ("p99", AnalyticsMetric.P99),
        ("avg_latency", AnalyticsMetric.AvgLatency),
        ("bytes", AnalyticsMetric.Bytes),
    ];

    public static readonly IReadOnlyList<(string Name, AnalyticsGrouping Value)> Groupings =
    [
        ("none", AnalyticsGrouping.None),
        ("service", AnalyticsGrouping.Service),
        ("endpoint", AnalyticsGrouping.Endpoint),
        ("status_class", AnalyticsGrouping.StatusClass),
        ("consumer", AnalyticsGrouping.Consumer),
    ];

    public static string Of(AnalyticsInterval interval) => Intervals.First(i => i.Value == interval).Name;

    public static string Of(AnalyticsMetric metric) => Metrics.First(m => m.Value == metric).Name;

    public static string Of(AnalyticsGrouping grouping) => Groupings.First(g => g.Value == grouping).Name;

    /// <summary><c>2xx</c> for 2; <c>other</c> for the class of statuses outside 100–599.</summary>
    public static string StatusClass(int statusClass) => statusClass is >= 1 and <= 5 ? $"{statusClass}xx" : "other";
}

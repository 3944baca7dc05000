using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Tollgate.Server.Analytics;

/// <summary>The parameters of <c>GET /api/analytics/timeseries</c> beyond the range, as raw strings (see <see cref="AnalyticsQueryParser"/>).</summary>
internal sealed class TimeseriesParameters
{
    [FromQuery(Name = "metric")]
    [Description("count (default), errors, error_rate, p50, p95, p99, avg_latency or bytes.")]
    public string? Metric { get; init; }

    [FromQuery(Name = "interval")]
    [Description("1m, 5m, 1h or 1d; chosen by the range's length when left out (up to 6 h: 1m, 2 d: 5m, 60 d: 1h, beyond: 1d).")]
    public string? Interval { get; init; }

    [FromQuery(Name = "group_by")]
    [Description("service, endpoint, status_class or consumer; one series for all requests when left out (or none).")]
    public string? GroupBy { get; init; }

    [FromQuery(Name = "limit")]
    [Description("Most series, those with the most requests, 1 to 100; default 10.")]
    public string? Limit { get; init; }
}

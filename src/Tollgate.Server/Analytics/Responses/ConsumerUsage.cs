using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>One entry of <c>GET /api/analytics/consumers</c>: what one caller used.</summary>
/// <param name="Consumer">The principal (<c>apikey:…</c>, <c>user:…</c>, or what a reporting service said); null for anonymous callers, counted together.</param>
/// <param name="Requests">Requests.</param>
/// <param name="Errors">Requests answered with a status of 400 or above.</param>
/// <param name="ServerErrors">Requests answered with a status of 500 or above.</param>
/// <param name="ErrorRate">Errors per hundred requests, to 2 decimals.</param>
/// <param name="AvgLatencyMs">The exact mean latency in milliseconds.</param>
/// <param name="P50LatencyMs">The median latency, within 1%.</param>
/// <param name="P95LatencyMs">The 95th percentile latency, within 1%.</param>
/// <param name="P99LatencyMs">The 99th percentile latency, within 1%.</param>
/// <param name="RequestBytes">Request body bytes received.</param>
/// <param name="ResponseBytes">Response body bytes sent.</param>
internal sealed record ConsumerUsage(
    string? Consumer,
    long Requests,
    long Errors,
    long ServerErrors,
    double ErrorRate,
    double? AvgLatencyMs,
    double? P50LatencyMs,
    double? P95LatencyMs,
    double? P99LatencyMs,
    long RequestBytes,
    long ResponseBytes)
{
    public static ConsumerUsage From(ConsumerFigures consumer) => new(
        consumer.Consumer,
        consumer.Figures.Count,
        consumer.Figures.Errors,
        consumer.Figures.ServerErrors,
        consumer.Figures.ErrorRate,
        consumer.Figures.AvgLatencyMs,
        consumer.Figures.P50LatencyMs,
        consumer.Figures.P95LatencyMs,
        consumer.Figures.P99LatencyMs,
        consumer.Figures.RequestBytes,
        consumer.Figures.ResponseBytes);
}

using Tollgate.Core.Analytics;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>One entry of <c>GET /api/analytics/response-times</c>: seed 004's latencies, in milliseconds, with percentiles.</summary>
/// <param name="Service">The service that answered.</param>
/// <param name="Endpoint">The route template, or the path with ids folded to <c>{id}</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Count">Requests.</param>
/// <param name="AvgLatencyMs">The exact mean latency.</param>
/// <param name="MinLatencyMs">The shortest latency.</param>
/// <param name="MaxLatencyMs">The longest latency.</param>
/// <param name="P50LatencyMs">The median (nearest rank), within 1%, never outside min and max.</param>
/// <param name="P95LatencyMs">The 95th percentile, within 1%.</param>
/// <param name="P99LatencyMs">The 99th percentile, within 1%.</param>
internal sealed record EndpointResponseTimes(
    string Service,
    string Endpoint,
    string Method,
    long Count,
    double? AvgLatencyMs,
    double? MinLatencyMs,
    double? MaxLatencyMs,
    double? P50LatencyMs,
    double? P95LatencyMs,
    double? P99LatencyMs)
{
    public static EndpointResponseTimes From(EndpointFigures endpoint) => new(
        endpoint.Service,
        endpoint.Endpoint,
        endpoint.Method,
        endpoint.Figures.Count,
        endpoint.Figures.AvgLatencyMs,
        endpoint.Figures.MinLatencyMs,
        endpoint.Figures.MaxLatencyMs,
        endpoint.Figures.P50LatencyMs,
        endpoint.Figures.P95LatencyMs,
        endpoint.Figures.P99LatencyMs);
}

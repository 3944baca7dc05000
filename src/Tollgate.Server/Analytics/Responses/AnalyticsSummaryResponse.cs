using Tollgate.Core.Analytics;
using Tollgate.Core.Audit;

namespace Tollgate.Server.Analytics.Responses;

/// <summary>The answer to <c>GET /api/analytics/summary</c> (seed 004's summary, latencies in milliseconds).</summary>
/// <param name="From">The range's effective inclusive start (UTC, microseconds).</param>
/// <param name="To">The range's effective exclusive end.</param>
/// <param name="Total">Requests.</param>
/// <param name="Errors">Requests answered with a status of 400 or above.</param>
/// <param name="ServerErrors">Requests answered with a status of 500 or above (also counted in errors).</param>
/// <param name="ErrorRate">Errors per hundred requests, to 2 decimals; 0 without requests.</param>
/// <param name="AvgLatencyMs">The mean latency in milliseconds, to the microsecond; null without requests.</param>
/// <param name="UniqueEndpoints">Distinct (service, method, endpoint) combinations called.</param>
internal sealed record AnalyticsSummaryResponse(
    string From,
    string To,
    long Total,
    long Errors,
    long ServerErrors,
    double ErrorRate,
    double? AvgLatencyMs,
    int UniqueEndpoints)
{
    public static AnalyticsSummaryResponse Of(AnalyticsSummary summary) => new(
        AuditEventReader.Format(summary.From),
        AuditEventReader.Format(summary.To),
        summary.Figures.Count,
        summary.Figures.Errors,
        summary.Figures.ServerErrors,
        summary.Figures.ErrorRate,
        summary.Figures.AvgLatencyMs,
        summary.UniqueEndpoints);
}

namespace Tollgate.Core.Analytics;

/// <summary>
/// What analytics report about a set of requests (a range's requests, one endpoint's, one consumer's), computed by
/// <see cref="RollupFigures"/>'s rules. Latencies are null when there were no requests; percentiles also when the
/// operation did not read sketches.
/// </summary>
/// <param name="Count">Requests.</param>
/// <param name="Errors">Requests answered with a status of 400 or above.</param>
/// <param name="ServerErrors">Requests answered with a status of 500 or above (also in <paramref name="Errors"/>).</param>
/// <param name="ErrorRate">Errors per hundred requests, to 2 decimals; 0 without requests.</param>
/// <param name="AvgLatencyMs">The exact mean latency.</param>
/// <param name="MinLatencyMs">The shortest latency.</param>
/// <param name="MaxLatencyMs">The longest latency.</param>
/// <param name="P50LatencyMs">The median latency, within 1% (nearest rank).</param>
/// <param name="P95LatencyMs">The 95th percentile latency, within 1%.</param>
/// <param name="P99LatencyMs">The 99th percentile latency, within 1%.</param>
/// <param name="RequestBytes">Request body bytes received.</param>
/// <param name="ResponseBytes">Response body bytes sent.</param>
public sealed record RequestFigures(
    long Count,
    long Errors,
    long ServerErrors,
    double ErrorRate,
    double? AvgLatencyMs,
    double? MinLatencyMs,
    double? MaxLatencyMs,
    double? P50LatencyMs,
    double? P95LatencyMs,
    double? P99LatencyMs,
    long RequestBytes,
    long ResponseBytes)
{
    /// <summary>The figures of <paramref name="cell"/>.</summary>
    public static RequestFigures Of(RollupCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var empty = cell.Count == 0;
        return new RequestFigures(
            cell.Count,
            cell.Errors,
            cell.ServerErrors,
            RollupFigures.ErrorRate(cell.Errors, cell.Count),
            RollupFigures.AverageMilliseconds(cell),
            empty ? null : RollupFigures.Milliseconds(cell.DurationMinMicroseconds),
            empty ? null : RollupFigures.Milliseconds(cell.DurationMaxMicroseconds),
            RollupFigures.PercentileMilliseconds(cell, 0.50),
            RollupFigures.PercentileMilliseconds(cell, 0.95),
            RollupFigures.PercentileMilliseconds(cell, 0.99),
            cell.RequestBytes,
            cell.ResponseBytes);
    }
}

namespace Tollgate.Core.Analytics;

/// <summary>The overall figures of a range (seed 004's summary).</summary>
/// <param name="From">The effective inclusive start.</param>
/// <param name="To">The effective exclusive end.</param>
/// <param name="Figures">The figures of every request in the range; without percentiles.</param>
/// <param name="UniqueEndpoints">Distinct (service, method, endpoint) combinations called.</param>
public sealed record AnalyticsSummary(DateTimeOffset From, DateTimeOffset To, RequestFigures Figures, int UniqueEndpoints);

namespace Tollgate.Core.Analytics;

/// <summary>
/// What a rollup row is grouped by. Every kind counts every request once at each of its widths, so each answers totals
/// alone; they differ in how many rows a range holds, and the engine reads the coarsest kind that has the dimensions a
/// question asks for.
/// </summary>
public enum RollupKind
{
    /// <summary>Per service, endpoint, method and status class; the consumer is empty.</summary>
    Endpoint = 0,

    /// <summary>Per service and consumer (API key or token subject); endpoint and method are empty, status class 0.</summary>
    Consumer = 1,

    /// <summary>
    /// Per service and status class; endpoint, method and consumer are empty. A few rows per service and bucket instead
    /// of one per endpoint, for the time series most dashboards draw (all requests, per service, per status class).
    /// Kept at five minutes, hour and day, not per minute: minute series read endpoint rows, which hold the same
    /// dimensions, so a write does not pay for a row per service and minute that only saves short series some reading.
    /// </summary>
    Service = 2,
}

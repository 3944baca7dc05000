namespace Tollgate.AnalyticsLoad;

/// <summary>The measured calls of one analytics endpoint over one range.</summary>
/// <param name="Endpoint">What was called, for the report.</param>
/// <param name="Hours">The range: the last <paramref name="Hours"/> hours.</param>
/// <param name="Path">The path and query called.</param>
/// <param name="Calls">Measured calls (after the warm-up), each answered 200.</param>
/// <param name="MedianMilliseconds">Median time from sending to the last byte of the answer.</param>
/// <param name="P90Milliseconds">90th percentile (nearest rank).</param>
/// <param name="MaxMilliseconds">Slowest call.</param>
/// <param name="ResponseBytes">Size of the last answer's body.</param>
internal sealed record QueryLatency(
    string Endpoint, int Hours, string Path, int Calls, double MedianMilliseconds, double P90Milliseconds, double MaxMilliseconds, long ResponseBytes);

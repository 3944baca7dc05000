namespace Tollgate.LoadHarness;

/// <summary>The SINGLE measurement: completed requests over a fixed time, and their latency percentiles.</summary>
/// <param name="Clients">Concurrent clients, each with one request in flight.</param>
/// <param name="Seconds">Measured time.</param>
/// <param name="Requests">Requests answered 201 within the measured time.</param>
/// <param name="Errors">Requests answered otherwise, or that failed.</param>
/// <param name="P50Milliseconds">Median latency of the 201s.</param>
/// <param name="P99Milliseconds">99th percentile latency of the 201s.</param>
/// <param name="MaxMilliseconds">Slowest 201.</param>
internal sealed record LatencyResult(int Clients, double Seconds, long Requests, long Errors, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public double RequestsPerSecond => Requests / Seconds;
}

namespace Tollgate.GatewayLoad;

/// <summary>
/// One fixed-rate run. Latencies (µs) run from the moment a request was due, not from when it was sent, so a stall
/// that delays later requests counts against them (no coordinated omission), as in wrk2. <see cref="Answered"/> counts
/// every 2xx/3xx answer, the unmeasured first second's too; the rest describe the measured seconds only.
/// </summary>
internal sealed record FixedRateResult(
    long Answered,
    long Completed,
    long Errors,
    long P50Microseconds,
    long P99Microseconds,
    long P999Microseconds,
    long MaxMicroseconds,
    TimeSpan TargetCpu,
    double OtherWorkShare);

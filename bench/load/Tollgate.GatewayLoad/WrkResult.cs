namespace Tollgate.GatewayLoad;

/// <summary>
/// One wrk run: completed requests, wrk's latency percentiles (µs, closed loop, so they describe the peak, not a
/// service level), errors, and the CPU the charged process and the upstream used during it.
/// </summary>
internal sealed record WrkResult(
    long Requests,
    double Seconds,
    long P50Microseconds,
    long P99Microseconds,
    long SocketErrors,
    long StatusErrors,
    TimeSpan TargetCpu,
    TimeSpan UpstreamCpu,
    long TargetOutputLines)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>CPU of the charged process per completed request, µs.</summary>
    public double TargetCpuMicrosecondsPerRequest => Requests > 0 ? TargetCpu.TotalMicroseconds / Requests : 0;

    public long Errors => SocketErrors + StatusErrors;
}

namespace Tollgate.GatewayLoad;

/// <summary>
/// One wrk run: completed requests, wrk's latency percentiles (µs, closed loop, so they describe the peak, not a
/// service level), errors, the CPU the charged process and the upstream used during it, and the share of the machine
/// that work the harness did not start took meanwhile.
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
    long TargetOutputLines,
    double OtherWorkShare)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>CPU of the charged process per completed request, µs.</summary>
    public double TargetCpuMicrosecondsPerRequest => Requests > 0 ? TargetCpu.TotalMicroseconds / Requests : 0;

    public long Errors => SocketErrors + StatusErrors;
}

namespace Tollgate.LoadHarness;

/// <summary>One timed RAW or BULK measurement.</summary>
/// <param name="Events">Events acknowledged as durable.</param>
/// <param name="Seconds">Wall-clock time from the first call to the last acknowledgement.</param>
/// <param name="CpuSeconds">CPU time of the process that stored the events (this one for RAW, the server for BULK).</param>
/// <param name="ClientCpuSeconds">CPU time of this process while it sent the BULK requests; 0 for RAW.</param>
internal sealed record Throughput(long Events, double Seconds, double CpuSeconds, double ClientCpuSeconds)
{
    public double EventsPerSecond => Events / Seconds;

    /// <summary>CPU microseconds the storing process spent per event.</summary>
    public double CpuMicrosecondsPerEvent => CpuSeconds * 1e6 / Events;
}

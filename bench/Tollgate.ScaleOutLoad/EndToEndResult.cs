namespace Tollgate.ScaleOutLoad;

/// <summary>One E2E run: ingest node → Redis Streams → collector node(s) → PostgreSQL.</summary>
/// <param name="Collectors">Collector processes.</param>
/// <param name="Events">Events sent and stored in the measured part (after the warm-up).</param>
/// <param name="IngestSeconds">From the first send to the last 202 (every batch in the stream).</param>
/// <param name="EndToEndSeconds">From the first send until PostgreSQL held every event.</param>
/// <param name="IngestCpuSeconds">CPU time of the ingest process over the measured part.</param>
/// <param name="CollectorCpuSeconds">CPU time of the collector processes over the measured part, summed.</param>
/// <param name="MachineBusy">Fraction of both cores busy over the measured part (everything on the machine).</param>
internal sealed record EndToEndResult(
    int Collectors, long Events, double IngestSeconds, double EndToEndSeconds, double IngestCpuSeconds, double CollectorCpuSeconds, double MachineBusy)
{
    public double EventsPerSecond => Events / EndToEndSeconds;

    public double IngestEventsPerSecond => Events / IngestSeconds;

    public double IngestCpuMicrosecondsPerEvent => IngestCpuSeconds * 1e6 / Events;

    public double CollectorCpuMicrosecondsPerEvent => CollectorCpuSeconds * 1e6 / Events;
}

namespace Tollgate.ScaleOutLoad;

/// <summary>Redis memory taken by events waiting in the streams with no collector running.</summary>
/// <param name="Events">Events ingested (every one answered 202) and left pending.</param>
/// <param name="UsedMemoryBefore"><c>used_memory</c> with the ingest node up, before the first send.</param>
/// <param name="UsedMemoryAfter"><c>used_memory</c> after the last 202.</param>
/// <param name="StreamLengths">XLEN of every stream afterwards (an entry is one published batch, not one event).</param>
/// <param name="IngestSeconds">From the first send to the last 202, with no collector competing for the CPU.</param>
internal sealed record PendingMemoryResult(
    long Events, long UsedMemoryBefore, long UsedMemoryAfter, IReadOnlyDictionary<string, long> StreamLengths, double IngestSeconds)
{
    public double BytesPerEvent => (double)(UsedMemoryAfter - UsedMemoryBefore) / Events;

    public double MebibytesPer100k => BytesPerEvent * 100_000 / (1024 * 1024);

    public long Entries => StreamLengths.Values.Sum();

    public double IngestEventsPerSecond => Events / IngestSeconds;
}

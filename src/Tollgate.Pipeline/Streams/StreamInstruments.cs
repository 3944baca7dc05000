using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tollgate.Pipeline.Capture;

namespace Tollgate.Pipeline.Streams;

/// <summary>The counters of <see cref="StreamMetrics"/>, created once per service provider on the pipeline meter. Thread-safe.</summary>
internal sealed class StreamInstruments
{
    private readonly Counter<long> entriesPublished;
    private readonly Counter<long> itemsPublished;
    private readonly Counter<long> entriesCollected;
    private readonly Counter<long> itemsCollected;
    private readonly Counter<long> entriesRedelivered;
    private readonly Counter<long> entriesClaimed;
    private readonly Counter<long> entriesDeadLettered;
    private readonly Counter<long> retries;

    public StreamInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CaptureMetrics.MeterName);
        entriesPublished = meter.CreateCounter<long>(StreamMetrics.EntriesPublished, "{entry}", "Stream entries published by this node.");
        itemsPublished = meter.CreateCounter<long>(StreamMetrics.ItemsPublished, "{item}", "Records or events in the stream entries published by this node.");
        entriesCollected = meter.CreateCounter<long>(StreamMetrics.EntriesCollected, "{entry}", "Stream entries stored and acknowledged by this node's collectors.");
        itemsCollected = meter.CreateCounter<long>(StreamMetrics.ItemsCollected, "{item}", "Records or events stored by this node's collectors.");
        entriesRedelivered = meter.CreateCounter<long>(StreamMetrics.EntriesRedelivered, "{entry}", "Redelivered stream entries found already stored and acknowledged without a second write.");
        entriesClaimed = meter.CreateCounter<long>(StreamMetrics.EntriesClaimed, "{entry}", "Stream entries claimed from consumers that stopped acknowledging them.");
        entriesDeadLettered = meter.CreateCounter<long>(StreamMetrics.EntriesDeadLettered, "{entry}", "Stream entries dead-lettered or lost to trimming.");
        retries = meter.CreateCounter<long>(StreamMetrics.Retries, "{retry}", "Collector retries after a failed store write or Redis call.");
    }

    public void Published(string signal, int items)
    {
        var tags = Tags(signal);
        entriesPublished.Add(1, tags);
        itemsPublished.Add(items, tags);
    }

    public void Collected(string signal, int entries, long items)
    {
        var tags = Tags(signal);
        entriesCollected.Add(entries, tags);
        itemsCollected.Add(items, tags);
    }

    public void Redelivered(string signal, int entries) => entriesRedelivered.Add(entries, Tags(signal));

    public void Claimed(string signal, int entries) => entriesClaimed.Add(entries, Tags(signal));

    public void DeadLettered(string signal, int entries) => entriesDeadLettered.Add(entries, Tags(signal));

    public void Retried(string signal) => retries.Add(1, Tags(signal));

    private static TagList Tags(string signal) => new() { { StreamMetrics.SignalTag, signal } };
}

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The names of the Redis Streams transport's instruments on the <c>Tollgate.Pipeline</c> meter, for exporters and
/// dashboards. All are counters, cumulative since start, tagged <see cref="SignalTag"/> (<c>requests</c> or
/// <c>audit</c>). An entry is one published batch; items are the request records or audit events in it.
/// </summary>
public static class StreamMetrics
{
    /// <summary>The tag naming the signal (<c>requests</c> or <c>audit</c>).</summary>
    public const string SignalTag = "signal";

    /// <summary>Counter: entries added to a stream by this node (<c>{entry}</c>).</summary>
    public const string EntriesPublished = "tollgate.stream.entries_published";

    /// <summary>Counter: items in the entries this node published (<c>{item}</c>).</summary>
    public const string ItemsPublished = "tollgate.stream.items_published";

    /// <summary>Counter: entries this node's collectors stored and acknowledged (<c>{entry}</c>).</summary>
    public const string EntriesCollected = "tollgate.stream.entries_collected";

    /// <summary>Counter: items in the entries this node's collectors stored (<c>{item}</c>).</summary>
    public const string ItemsCollected = "tollgate.stream.items_collected";

    /// <summary>
    /// Counter: entries delivered to a collector again (its own unacknowledged entries re-read at start, claimed
    /// entries, entries retried after a failure) that turned out to be stored already and were acknowledged without a
    /// second write (<c>{entry}</c>).
    /// </summary>
    public const string EntriesRedelivered = "tollgate.stream.entries_redelivered";

    /// <summary>Counter: entries claimed from consumers that stopped acknowledging them (<c>{entry}</c>).</summary>
    public const string EntriesClaimed = "tollgate.stream.entries_claimed";

    /// <summary>
    /// Counter: entries moved to the dead-letter stream (undecodable, refused by the store as an idempotency conflict)
    /// or lost to trimming before they were collected (<c>{entry}</c>).
    /// </summary>
    public const string EntriesDeadLettered = "tollgate.stream.entries_dead_lettered";

    /// <summary>Counter: retries after a failed store write or Redis call in a collector (<c>{retry}</c>).</summary>
    public const string Retries = "tollgate.stream.retries";
}

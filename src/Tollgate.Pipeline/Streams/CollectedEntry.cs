using StackExchange.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>One stream entry a collector read, decoded (or refused), with its progress towards acknowledgement.</summary>
/// <remarks>Not thread-safe: each entry is handled by one task at a time.</remarks>
internal sealed class CollectedEntry<TBatch>
    where TBatch : class
{
    private readonly TBatch? batch;

    private CollectedEntry(StreamEntry entry, TBatch? batch, int items, string? rejection, bool redelivered)
    {
        Id = entry.Id;
        Fields = entry.IsNull ? [] : entry.Values;
        this.batch = batch;
        Items = items;
        Rejection = rejection;
        Outcome = rejection is null ? EntryOutcome.Pending : EntryOutcome.Rejected;
        Redelivered = redelivered;
    }

    public RedisValue Id { get; }

    /// <summary>The entry's fields as read, copied to the dead-letter stream if it is rejected.</summary>
    public NameValueEntry[] Fields { get; }

    /// <summary>The decoded content; only for entries that were not rejected when read.</summary>
    public TBatch Batch => batch ?? throw new InvalidOperationException("A rejected entry has no content.");

    /// <summary>The request records or audit events in the entry.</summary>
    public int Items { get; }

    /// <summary>
    /// True when the entry may have been stored before: it came from a pending list, was claimed, or its previous
    /// write attempt failed in a way that may have committed after all.
    /// </summary>
    public bool Redelivered { get; set; }

    public EntryOutcome Outcome { get; private set; }

    /// <summary>Why the entry was rejected; null unless <see cref="Outcome"/> is <see cref="EntryOutcome.Rejected"/>.</summary>
    public string? Rejection { get; private set; }

    /// <summary>True once Redis acknowledged it (after dead-lettering, for a rejected one).</summary>
    public bool Acknowledged { get; set; }

    public static CollectedEntry<TBatch> Decoded(StreamEntry entry, TBatch batch, int items, bool redelivered) =>
        new(entry, batch, items, rejection: null, redelivered);

    public static CollectedEntry<TBatch> Refused(StreamEntry entry, string reason, bool redelivered) =>
        new(entry, batch: null, items: 0, reason, redelivered);

    public void MarkStored() => Outcome = EntryOutcome.Stored;

    public void MarkAlreadyStored() => Outcome = EntryOutcome.AlreadyStored;

    public void Reject(string reason)
    {
        Outcome = EntryOutcome.Rejected;
        Rejection = reason;
    }
}

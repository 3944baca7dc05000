namespace Tollgate.Pipeline.Streams;

/// <summary>
/// The Redis Streams transport, bound from <c>Pipeline:Redis</c> and validated at start-up. Read once, when the
/// publishers and collectors are created. Only used when <c>Pipeline:Transport</c> is <c>Redis</c>.
/// </summary>
public sealed class RedisStreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pipeline:Redis";

    /// <summary>
    /// Most entries kept per stream (<c>XADD … MAXLEN ~</c>, so Redis may keep a few more, up to one internal node of
    /// about 100). An entry is one published batch, not one event. Trimming does not wait for collectors: entries not
    /// yet collected when they fall off the end are lost (and counted as dead-lettered if they were pending).
    /// Sizing rule: entries = peak published batches per second × the longest collector outage to absorb; Redis memory
    /// ≈ entries × average entry size (measured: about 210 bytes per request record plus its captured headers and
    /// bodies; an audit event's canonical document plus about 75 bytes, 300 bytes for a typical one). Default 100,000:
    /// at 100 batches/s that absorbs 16 minutes of outage; at 4 KB per entry it takes about 400 MB.
    /// </summary>
    public long MaxLength { get; set; } = 100_000;

    /// <summary>Most entries one collector read takes (<c>XREADGROUP COUNT</c>). Default 50.</summary>
    public int ReadCount { get; set; } = 50;

    /// <summary>
    /// How long a collector waits before reading again after a read found nothing (the client has no blocking read,
    /// so collectors poll; a busy stream is read again at once). Bounds how late a quiet stream's entries are
    /// stored. Default 100 ms.
    /// </summary>
    public TimeSpan IdlePollDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long an entry must have been pending (read, not acknowledged) before another collector claims it as
    /// abandoned by a dead consumer. Longer than the slowest store commit, or live collectors' entries get claimed
    /// too (harmless: stores are idempotent, but work is repeated). Default 30 s.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a collector looks for abandoned entries to claim (<c>XAUTOCLAIM</c>). Default 10 s.</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The collector's consumer name in the group. Default (null): <c>{host}-{process id}-{random}</c>, new on every
    /// start, so a restarted collector's unacknowledged entries are claimed by whoever runs after
    /// <see cref="ClaimIdleTime"/>. Set a stable name (a pod name of a stateful set, say) to have a restarted
    /// collector re-read its own unacknowledged entries at once. Two live collectors must never share a name.
    /// </summary>
    public string? ConsumerName { get; set; }

    /// <summary>The wait before the first retry after the store or Redis failed. Default 100 ms.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest wait between retries: the delay doubles from <see cref="RetryInitialDelay"/> up to this, with
    /// random jitter (each wait is between half and all of it) so collectors do not retry in step. Default 30 s.
    /// </summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an audit idempotency key is remembered in Redis by the ingest nodes, which answer a retry within it
    /// as a replay without publishing it again. Older keys are still deduplicated by the store when the collector
    /// appends. Default 24 hours.
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Most audit events (or request records) a collector writes in one store transaction; consecutive entries of one
    /// tenant are merged up to this. A single entry larger than this is still written whole. Default 5,000.
    /// </summary>
    public int MaxEventsPerTransaction { get; set; } = 5_000;
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Audit;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Collects <c>{prefix}stream:audit</c> into the <see cref="IAuditEventStore"/>, which chains the events. Each tenant's
/// entries are appended in stream order, consecutive ones merged into one append (one transaction) of up to
/// <see cref="RedisStreamOptions.MaxEventsPerTransaction"/> events; different tenants are appended concurrently.
/// </summary>
/// <remarks>
/// An entry is appended atomically, so a redelivered one (re-read, claimed, or retried after a failure that may have
/// committed) is stored exactly when its first event is: the store has that id with the same receive time. Such an
/// entry is acknowledged without a second append. A resend by the client after the Redis idempotency window carries
/// a new receive time, so it is appended, and the store answers it as a replay. An entry the store refuses with
/// <see cref="IdempotencyConflictException"/> is rejected (dead-lettered) alone; the rest of its merged append is
/// retried without it.
/// </remarks>
internal sealed class AuditStreamCollector(
    RedisConnection redis,
    IOptions<RedisStreamOptions> options,
    IAuditEventStore store,
    StreamInstruments instruments,
    StreamStatistics statistics,
    TimeProvider timeProvider,
    ILogger<AuditStreamCollector> logger)
    : StreamCollector<AuditBatch>(StreamSignal.Audit, redis, options.Value, instruments, statistics, timeProvider, logger)
{
    protected override int PayloadVersion => AuditBatchCodec.Version;

    protected override AuditBatch Decode(ReadOnlyMemory<byte> payload) => AuditBatchCodec.Decode(payload);

    protected override int CountItems(AuditBatch batch) => batch.Events.Count;

    protected override Task StoreAsync(IReadOnlyList<CollectedEntry<AuditBatch>> entries, CancellationToken cancellationToken) =>
        Task.WhenAll(entries
            .GroupBy(e => e.Batch.TenantId, StringComparer.Ordinal)
            .Select(tenant => StoreTenantAsync(tenant.Key, [.. tenant], cancellationToken)));

    private static List<CollectedEntry<AuditBatch>> NextAppend(List<CollectedEntry<AuditBatch>> entries, int maxEvents)
    {
        var append = new List<CollectedEntry<AuditBatch>>();
        var events = 0;
        foreach (var entry in entries.Where(e => e.Outcome == EntryOutcome.Pending))
        {
            if (append.Count > 0 && events + entry.Items > maxEvents)
            {
                break;
            }

            append.Add(entry);
            events += entry.Items;
        }

        return append;
    }

    private static CollectedEntry<AuditBatch> EntryAt(List<CollectedEntry<AuditBatch>> append, int eventIndex)
    {
        var start = 0;
        foreach (var entry in append)
        {
            if (eventIndex < start + entry.Items)
            {
                return entry;
            }

            start += entry.Items;
        }

        throw new InvalidOperationException($"The store reported a conflict at event {eventIndex} of an append of {start}.");
    }

    private async Task StoreTenantAsync(string tenantId, List<CollectedEntry<AuditBatch>> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.Items == 0)
            {
                entry.MarkStored();
            }
            else if (entry.Redelivered && await IsStoredAsync(tenantId, entry, cancellationToken))
            {
                entry.MarkAlreadyStored();
            }
        }

        while (NextAppend(entries, Options.MaxEventsPerTransaction) is { Count: > 0 } append)
        {
            IReadOnlyList<NewAuditEvent> events = append.Count == 1 ? append[0].Batch.Events : [.. append.SelectMany(e => e.Batch.Events)];
            try
            {
                await store.AppendAsync(tenantId, events, cancellationToken);
                foreach (var entry in append)
                {
                    entry.MarkStored();
                }
            }
            catch (IdempotencyConflictException ex)
            {
                // Nothing of the append was stored. The culprit alone is settled; the others go again without it.
                var culprit = EntryAt(append, ex.Index);
                if (await IsStoredAsync(tenantId, culprit, cancellationToken))
                {
                    culprit.MarkAlreadyStored();
                }
                else
                {
                    culprit.Reject("the store refused it: " + ex.Message);
                }
            }
        }
    }

    private async Task<bool> IsStoredAsync(string tenantId, CollectedEntry<AuditBatch> entry, CancellationToken cancellationToken)
    {
        var first = entry.Batch.Events[0];
        var stored = await store.GetAsync(tenantId, first.Id, cancellationToken);
        return stored is not null && stored.ReceivedAt == first.ReceivedAt;
    }
}

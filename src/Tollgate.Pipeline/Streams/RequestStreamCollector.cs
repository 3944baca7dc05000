using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Core.Requests;
using Tollgate.Redis;

namespace Tollgate.Pipeline.Streams;

/// <summary>
/// Collects <c>{prefix}stream:requests</c> into the <see cref="IRequestStore"/>: consecutive entries are written
/// together, up to <see cref="RedisStreamOptions.MaxEventsPerTransaction"/> records per write. The store skips ids it
/// already has, so a redelivered entry is simply written again.
/// </summary>
internal sealed class RequestStreamCollector(
    RedisConnection redis,
    IOptions<RedisStreamOptions> options,
    IRequestStore store,
    StreamInstruments instruments,
    StreamStatistics statistics,
    TimeProvider timeProvider,
    ILogger<RequestStreamCollector> logger)
    : StreamCollector<IReadOnlyList<RequestRecord>>(StreamSignal.Requests, redis, options.Value, instruments, statistics, timeProvider, logger)
{
    protected override int PayloadVersion => RequestBatchCodec.Version;

    protected override IReadOnlyList<RequestRecord> Decode(ReadOnlyMemory<byte> payload) => RequestBatchCodec.Decode(payload);

    protected override int CountItems(IReadOnlyList<RequestRecord> batch) => batch.Count;

    protected override async Task StoreAsync(IReadOnlyList<CollectedEntry<IReadOnlyList<RequestRecord>>> entries, CancellationToken cancellationToken)
    {
        var records = new List<RequestRecord>();
        var written = new List<CollectedEntry<IReadOnlyList<RequestRecord>>>();
        foreach (var entry in entries)
        {
            if (records.Count > 0 && records.Count + entry.Items > Options.MaxEventsPerTransaction)
            {
                await WriteAsync(records, written, cancellationToken);
            }

            records.AddRange(entry.Batch);
            written.Add(entry);
        }

        if (written.Count > 0)
        {
            await WriteAsync(records, written, cancellationToken);
        }
    }

    private async Task WriteAsync(List<RequestRecord> records, List<CollectedEntry<IReadOnlyList<RequestRecord>>> written, CancellationToken cancellationToken)
    {
        // A copy: the store may hold on to the list it was given, and this one is refilled.
        await store.WriteAsync([.. records], cancellationToken);
        foreach (var entry in written)
        {
            entry.MarkStored();
        }

        records.Clear();
        written.Clear();
    }
}

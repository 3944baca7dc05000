using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Pipeline.Streams;
using Tollgate.Testing;
using Tollgate.Testing.Logging;

namespace Tollgate.Pipeline.Tests.Streams;

/// <summary>Publish → stream → collector → the real embedded stores, against the real Redis.</summary>
public sealed class StreamCollectorTests : IAsyncLifetime
{
    private readonly StreamTestBed bed = new(o => o.ClaimIdleTime = TimeSpan.FromSeconds(1));
    private readonly AuditEventFactory events = new();
    private readonly RequestRecordFactory requests = new();
    private SqliteStores stores = null!;

    private static CancellationToken Ct => StreamTestBed.Ct;

    public async ValueTask InitializeAsync() => stores = await SqliteStores.OpenAsync();

    public async ValueTask DisposeAsync()
    {
        await bed.DisposeAsync();
        await stores.DisposeAsync();
    }

    [Fact]
    public async Task Published_requests_are_stored_once_and_acknowledged()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var tenantA = requests.Many("tenant-a", 5);
        var mixed = new[] { requests.Full("tenant-b"), requests.Next("tenant-a") };
        await bed.Requests.PublishAsync(tenantA, Ct);
        await bed.Requests.PublishAsync(mixed, Ct);
        await bed.Requests.PublishAsync(tenantA, Ct);

        await bed.StartAsync(bed.RequestCollector(stores.Requests));
        await WaitUntilCollectedAsync(bed.RequestStream, 3);

        Assert.Equal([.. tenantA.Select(r => r.Id), mixed[1].Id], (await ReadRequestIdsAsync("tenant-a")).Order());
        Assert.Equal([mixed[0].Id], await ReadRequestIdsAsync("tenant-b"));
        var full = await stores.Requests.GetAsync("tenant-b", mixed[0].Id, Ct);
        Assert.Equal(mixed[0].Detail!.RequestHeaders, full!.Detail!.RequestHeaders);
        Assert.Equal(mixed[0].Detail!.ResponseBody, full.Detail.ResponseBody);
        await meter.AssertTotalAsync(StreamMetrics.EntriesCollected, "requests", 3);
        await meter.AssertTotalAsync(StreamMetrics.ItemsCollected, "requests", 12);
    }

    [Fact]
    public async Task Published_audit_events_are_chained_once_per_tenant_in_publish_order()
    {
        var published = new List<NewAuditEvent>();
        foreach (var size in new[] { 2, 3, 1 })
        {
            var batch = events.Many("tenant-a", size);
            await bed.Audit.PublishAsync("tenant-a", batch, Ct);
            published.AddRange(batch);
        }

        var other = events.Many("tenant-b", 2);
        await bed.Audit.PublishAsync("tenant-b", other, Ct);

        await bed.StartAsync(bed.AuditCollector(stores.Audit));
        await WaitUntilCollectedAsync(bed.AuditStream, 4);

        await AssertChainAsync("tenant-a", published);
        await AssertChainAsync("tenant-b", other);
    }

    [Fact]
    public async Task Entries_a_dead_consumer_read_are_claimed_by_another_collector_and_stored_once()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var published = new List<NewAuditEvent>();
        for (var i = 0; i < 3; i++)
        {
            var batch = events.Many("tenant-a", 2);
            await bed.Audit.PublishAsync("tenant-a", batch, Ct);
            published.AddRange(batch);
        }

        Assert.Equal(3, (await bed.ReadAndDieAsync(bed.AuditStream, "dead-consumer")).Length);

        await bed.StartAsync(bed.AuditCollector(stores.Audit, "survivor"));
        await WaitUntilCollectedAsync(bed.AuditStream, 3);

        await AssertChainAsync("tenant-a", published);
        await meter.AssertTotalAsync(StreamMetrics.EntriesClaimed, "audit", 3);
        await meter.AssertTotalAsync(StreamMetrics.EntriesCollected, "audit", 3);
    }

    [Fact]
    public async Task A_redelivered_entry_that_was_already_committed_is_acknowledged_without_a_second_append()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var committed = events.Many("tenant-a", 3);
        await bed.Audit.PublishAsync("tenant-a", committed, Ct);

        // A collector read the entry, committed it, and died before its XACK.
        var read = Assert.Single(await bed.ReadAndDieAsync(bed.AuditStream, "dead-consumer"));
        var batch = AuditBatchCodec.Decode((byte[])read["d"]!);
        await stores.Audit.AppendAsync(batch.TenantId, batch.Events, Ct);
        var later = events.Many("tenant-a", 2);
        await bed.Audit.PublishAsync("tenant-a", later, Ct);
        var store = new GatedAuditEventStore(stores.Audit);

        await bed.StartAsync(bed.AuditCollector(store, "survivor"));
        await WaitUntilCollectedAsync(bed.AuditStream, 2);

        await AssertChainAsync("tenant-a", [.. committed, .. later]);
        Assert.Equal(1, store.AppendCalls);
        await meter.AssertTotalAsync(StreamMetrics.EntriesRedelivered, "audit", 1);
        await meter.AssertTotalAsync(StreamMetrics.EntriesCollected, "audit", 1);
    }

    [Fact]
    public async Task A_collector_restarted_under_its_name_stores_its_own_unacknowledged_entries_at_once()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var batch = events.Many("tenant-a", 2);
        await bed.Audit.PublishAsync("tenant-a", batch, Ct);
        Assert.Single(await bed.ReadAndDieAsync(bed.AuditStream, "stable-name"));

        // Claiming would wait a day: only re-reading its own pending list can store the entry.
        await bed.StartAsync(bed.AuditCollector(stores.Audit, "stable-name", adjust: o => o.ClaimIdleTime = TimeSpan.FromDays(1)));
        await WaitUntilCollectedAsync(bed.AuditStream, 1);

        await AssertChainAsync("tenant-a", batch);
        Assert.Equal(0, meter.Total(StreamMetrics.EntriesClaimed, "audit"));
        await meter.AssertTotalAsync(StreamMetrics.EntriesCollected, "audit", 1);
    }

    [Fact]
    public async Task A_store_outage_keeps_the_entries_pending_and_they_are_all_stored_once_it_recovers()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var store = new GatedAuditEventStore(stores.Audit);
        store.Fail();
        var logger = new ListLogger<AuditStreamCollector>();
        var published = new List<NewAuditEvent>();
        for (var i = 0; i < 3; i++)
        {
            var batch = events.Many("tenant-a", 2);
            await bed.Audit.PublishAsync("tenant-a", batch, Ct);
            published.AddRange(batch);
        }

        await bed.StartAsync(bed.AuditCollector(store, logger: logger));
        await StreamTestBed.WaitUntilAsync(() => Task.FromResult(store.FailedAppends >= 4), "the collector has retried a few times");

        Assert.Equal(3, await bed.PendingAsync(bed.AuditStream));
        Assert.Equal(0, await stores.Audit.CountAsync("tenant-a", AuditEventFilter.All, Ct));
        var outage = Assert.Single(logger.Entries, e => e.EventId == 5101);
        Assert.Equal(LogLevel.Warning, outage.Level);
        Assert.IsType<InvalidOperationException>(outage.Exception);

        store.Open();
        await WaitUntilCollectedAsync(bed.AuditStream, 3);
        await StreamTestBed.WaitUntilAsync(() => Task.FromResult(logger.Entries.Any(e => e.EventId == 5102)), "the recovery is logged");

        await AssertChainAsync("tenant-a", published);
        Assert.Single(logger.Entries, e => e.EventId == 5101);
        Assert.Single(logger.Entries, e => e.EventId == 5102);
        Assert.True(meter.Total(StreamMetrics.Retries, "audit") >= 4);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(published[0].Id.ToString(), e.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Stopping_finishes_the_write_in_flight_and_acknowledges_it()
    {
        var store = new GatedAuditEventStore(stores.Audit);
        store.Hold();
        var batch = events.Many("tenant-a", 4);
        await bed.Audit.PublishAsync("tenant-a", batch, Ct);
        var collector = await bed.StartAsync(bed.AuditCollector(store));
        await StreamTestBed.WaitUntilAsync(() => Task.FromResult(store.AppendCalls == 1), "the append is in flight");

        var stopping = collector.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        store.Open();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(collector.ExecuteTask!.IsCompleted);
        Assert.Equal(0, await bed.PendingAsync(bed.AuditStream));
        await AssertChainAsync("tenant-a", batch);
    }

    [Fact]
    public async Task Undecodable_entries_are_dead_lettered_and_the_entries_after_them_are_stored()
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var garbage = await bed.Database.StreamAddAsync(bed.RequestStream, [new("v", 1), new("d", new byte[] { 200, 1, 2, 3 })]);
        var future = await bed.Database.StreamAddAsync(bed.RequestStream, [new("v", 99), new("d", RequestBatchCodec.Encode([requests.Minimal()]))]);
        var foreign = await bed.Database.StreamAddAsync(bed.RequestStream, "note", "not ours");
        var good = requests.Many("tenant-a", 2);
        await bed.Requests.PublishAsync(good, Ct);

        await bed.StartAsync(bed.RequestCollector(stores.Requests));
        await WaitUntilCollectedAsync(bed.RequestStream, 4);

        Assert.Equal(good.Select(r => r.Id).Order(), (await ReadRequestIdsAsync("tenant-a")).Order());
        var dead = await bed.Database.StreamRangeAsync(bed.DeadLetters("requests"));
        Assert.Equal([(string?)garbage, (string?)future, (string?)foreign], dead.Select(e => (string?)e["entry"]));
        Assert.Contains("undecodable", (string?)dead[0]["reason"], StringComparison.Ordinal);
        Assert.Contains("version '99'", (string?)dead[1]["reason"], StringComparison.Ordinal);
        Assert.Equal(new byte[] { 200, 1, 2, 3 }, (byte[]?)dead[0]["d"]);
        Assert.Equal("not ours", (string?)dead[2]["note"]);
        await meter.AssertTotalAsync(StreamMetrics.EntriesDeadLettered, "requests", 3);
    }

    [Fact]
    public async Task An_entry_the_store_refuses_as_a_conflict_is_dead_lettered_alone_and_its_neighbours_are_stored()
    {
        // The key was stored long ago: the Redis window no longer knows it, the store does.
        var old = events.Event("tenant-a").WithIdempotencyKey("order-7").Build();
        await stores.Audit.AppendAsync("tenant-a", [old], Ct);
        var before = events.Many("tenant-a", 2);
        var reused = events.Event("tenant-a").WithType("refund").WithIdempotencyKey("order-7").Build();
        var after = events.Many("tenant-a", 1);
        await bed.Audit.PublishAsync("tenant-a", before, Ct);
        await bed.Audit.PublishAsync("tenant-a", [reused], Ct);
        await bed.Audit.PublishAsync("tenant-a", after, Ct);

        await bed.StartAsync(bed.AuditCollector(stores.Audit));
        await WaitUntilCollectedAsync(bed.AuditStream, 3);

        await AssertChainAsync("tenant-a", [old, .. before, .. after]);
        var dead = Assert.Single(await bed.Database.StreamRangeAsync(bed.DeadLetters("audit")));
        Assert.Contains("refused", (string?)dead["reason"], StringComparison.Ordinal);
        Assert.Equal([reused.Id], AuditBatchCodec.Decode((byte[])dead["d"]!).Events.Select(e => e.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pending_entries_trimmed_before_they_were_stored_are_recorded_as_lost_and_released(bool restartedUnderItsName)
    {
        using var meter = new StreamMeterReader(bed.MeterFactory);
        await bed.Audit.PublishAsync("tenant-a", events.Many("tenant-a", 2), Ct);
        await bed.Audit.PublishAsync("tenant-a", events.Many("tenant-a", 1), Ct);
        var lost = await bed.ReadAndDieAsync(bed.AuditStream, "stable-name");
        await bed.Database.StreamTrimAsync(bed.AuditStream, 0);
        var after = events.Many("tenant-a", 3);
        await bed.Audit.PublishAsync("tenant-a", after, Ct);

        // Either the dead consumer's own restart re-reads them (and finds them gone), or another collector's claim
        // reports them deleted.
        var collector = restartedUnderItsName
            ? bed.AuditCollector(stores.Audit, "stable-name", adjust: o => o.ClaimInterval = TimeSpan.FromHours(1))
            : bed.AuditCollector(stores.Audit, "survivor");
        await bed.StartAsync(collector);
        await StreamTestBed.WaitUntilAsync(() => NoneLeftAsync(bed, bed.AuditStream), "every entry is collected or released");
        await meter.AssertTotalAsync(StreamMetrics.EntriesDeadLettered, "audit", 2);

        await AssertChainAsync("tenant-a", after);
        var dead = await bed.Database.StreamRangeAsync(bed.DeadLetters("audit"));
        Assert.Equal(lost.Select(e => (string?)e.Id), dead.Select(e => (string?)e["entry"]));
        Assert.All(dead, e => Assert.Contains("trimmed", (string?)e["reason"], StringComparison.Ordinal));
    }

    private static async Task<bool> NoneLeftAsync(StreamTestBed bed, RedisKey stream)
    {
        var groups = await bed.Database.StreamGroupInfoAsync(stream);
        return groups.Length == 1 && groups[0].PendingMessageCount == 0 && groups[0].Lag == 0;
    }

    /// <summary>Waits until the group has read all <paramref name="entries"/> of the stream and acknowledged them.</summary>
    private async Task WaitUntilCollectedAsync(RedisKey stream, long entries)
    {
        Assert.Equal(entries, await bed.Database.StreamLengthAsync(stream));
        await StreamTestBed.WaitUntilAsync(() => NoneLeftAsync(bed, stream), "every entry is collected and acknowledged");
    }

    private async Task AssertChainAsync(string tenantId, IReadOnlyList<NewAuditEvent> expected)
    {
        var page = await stores.Audit.QueryAsync(tenantId, new AuditEventQuery { Limit = AuditEventQuery.MaxLimit, Order = AuditSortOrder.Ascending }, Ct);
        Assert.Equal(expected.Select(e => e.Id), page.Items.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), page.Items.Select(e => e.Sequence));
        var verification = await stores.Audit.VerifyChainAsync(tenantId, Ct);
        Assert.True(verification.Ok, verification.Reason);
    }

    private async Task<List<Guid>> ReadRequestIdsAsync(string tenantId)
    {
        var page = await stores.Requests.QueryAsync(tenantId, new RequestQuery(new RequestFilter(), RequestQuery.MaxLimit, null), Ct);
        return [.. page.Items.Select(r => r.Id)];
    }
}

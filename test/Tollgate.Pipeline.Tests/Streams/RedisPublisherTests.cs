using StackExchange.Redis;
using Tollgate.Core.Audit;
using Tollgate.Pipeline.Streams;
using Tollgate.Testing;

namespace Tollgate.Pipeline.Tests.Streams;

public sealed class RedisPublisherTests : IAsyncDisposable
{
    private readonly StreamTestBed bed = new();
    private readonly AuditEventFactory events = new();

    private static CancellationToken Ct => StreamTestBed.Ct;

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task Each_request_batch_becomes_one_versioned_entry()
    {
        var factory = new RequestRecordFactory();
        using var meter = new StreamMeterReader(bed.MeterFactory);
        var first = factory.Many("tenant-a", 3);
        var second = new[] { factory.Full("tenant-b") };

        await bed.Requests.PublishAsync(first, Ct);
        await bed.Requests.PublishAsync(second, Ct);
        await bed.Requests.PublishAsync([], Ct);

        var entries = await bed.Database.StreamRangeAsync(bed.RequestStream);
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.Equal(RequestBatchCodec.Version, (int)e["v"]));
        Assert.Equal(first.Select(r => r.Id), RequestBatchCodec.Decode((byte[])entries[0]["d"]!).Select(r => r.Id));
        Assert.Equal(second.Select(r => r.Id), RequestBatchCodec.Decode((byte[])entries[1]["d"]!).Select(r => r.Id));
        Assert.Equal(2, meter.Total(StreamMetrics.EntriesPublished, "requests"));
        Assert.Equal(4, meter.Total(StreamMetrics.ItemsPublished, "requests"));
    }

    [Fact]
    public async Task An_audit_batch_is_deferred_and_published_as_one_entry_of_its_tenant()
    {
        var batch = events.Many("tenant-a", 3);

        var results = await bed.Audit.PublishAsync("tenant-a", batch, Ct);

        Assert.True(bed.Audit.IsDeferred);
        Assert.Equal(batch.Select(e => new AuditAppendResult(e.Id, 0, Replayed: false)), results);
        var entry = Assert.Single(await bed.Database.StreamRangeAsync(bed.AuditStream));
        var published = AuditBatchCodec.Decode((byte[])entry["d"]!);
        Assert.Equal("tenant-a", published.TenantId);
        Assert.Equal(batch.Select(e => e.Id), published.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_retried_idempotency_key_is_a_replay_of_the_original_and_is_not_published_again()
    {
        var original = events.Event("tenant-a").WithIdempotencyKey("order-42").Build();
        var unkeyed = events.Event("tenant-a").Build();
        await bed.Audit.PublishAsync("tenant-a", [original, unkeyed], Ct);
        var retry = events.Event("tenant-a").WithIdempotencyKey("order-42").Build();
        var fresh = events.Event("tenant-a").WithIdempotencyKey("order-43").Build();

        var alone = await bed.Audit.PublishAsync("tenant-a", [retry], Ct);
        var mixed = await bed.Audit.PublishAsync("tenant-a", [retry, fresh], Ct);

        Assert.NotEqual(original.Id, retry.Id);
        Assert.Equal([new AuditAppendResult(original.Id, 0, Replayed: true)], alone);
        Assert.Equal([new AuditAppendResult(original.Id, 0, Replayed: true), new AuditAppendResult(fresh.Id, 0, Replayed: false)], mixed);
        var entries = await bed.Database.StreamRangeAsync(bed.AuditStream);
        Assert.Equal(2, entries.Length);
        Assert.Equal([fresh.Id], AuditBatchCodec.Decode((byte[])entries[1]["d"]!).Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_key_reused_for_other_content_is_a_conflict_and_nothing_of_its_batch_is_published()
    {
        await bed.Audit.PublishAsync("tenant-a", [events.Event("tenant-a").WithIdempotencyKey("k").Build()], Ct);
        var innocent = events.Event("tenant-a").WithIdempotencyKey("other").Build();
        var reused = events.Event("tenant-a").WithType("refund").WithIdempotencyKey("k").Build();

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => bed.Audit.PublishAsync("tenant-a", [innocent, reused], Ct));

        Assert.Equal(1, conflict.Index);
        Assert.Equal(reused.IdempotencyKey, conflict.IdempotencyKey);
        Assert.Equal(1, await bed.Database.StreamLengthAsync(bed.AuditStream));

        // The innocent event's key was not remembered either: publishing it now is not a replay.
        var later = await bed.Audit.PublishAsync("tenant-a", [innocent], Ct);
        Assert.Equal([new AuditAppendResult(innocent.Id, 0, Replayed: false)], later);
    }

    [Fact]
    public async Task A_key_repeated_within_one_batch_is_a_replay_of_its_first_use_or_a_conflict()
    {
        var first = events.Event("tenant-a").WithIdempotencyKey("twice").Build();
        var again = events.Event("tenant-a").WithIdempotencyKey("twice").Build();
        var changed = events.Event("tenant-a").WithType("other").WithIdempotencyKey("twice").Build();

        var results = await bed.Audit.PublishAsync("tenant-a", [first, again], Ct);
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => bed.Audit.PublishAsync("tenant-a", [events.Event("tenant-a").WithIdempotencyKey("x").Build(), events.Event("tenant-a").WithIdempotencyKey("fresh").Build(), changed, changed], Ct));

        Assert.Equal([new AuditAppendResult(first.Id, 0, Replayed: false), new AuditAppendResult(first.Id, 0, Replayed: true)], results);
        var entry = Assert.Single(await bed.Database.StreamRangeAsync(bed.AuditStream));
        Assert.Equal([first.Id], AuditBatchCodec.Decode((byte[])entry["d"]!).Events.Select(e => e.Id));
        Assert.Equal(2, conflict.Index);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_their_tenant()
    {
        await bed.Audit.PublishAsync("tenant-a", [events.Event("tenant-a").WithIdempotencyKey("shared").Build()], Ct);
        var other = events.Event("tenant-b").WithIdempotencyKey("shared").Build();

        var results = await bed.Audit.PublishAsync("tenant-b", [other], Ct);

        Assert.Equal([new AuditAppendResult(other.Id, 0, Replayed: false)], results);
    }

    [Fact]
    public async Task Entries_beyond_the_maximum_length_are_trimmed()
    {
        await using var small = new StreamTestBed(o => o.MaxLength = 10);
        var factory = new RequestRecordFactory();

        for (var i = 0; i < 500; i++)
        {
            await small.Requests.PublishAsync([factory.Minimal()], Ct);
        }

        // Approximate trimming removes whole internal nodes (100 entries by default), so the length lands near, not at, 10.
        var length = await small.Database.StreamLengthAsync(small.RequestStream);
        Assert.InRange(length, 10, 499);
    }

    [Fact]
    public async Task Publishing_while_redis_is_down_throws()
    {
        await using var down = new StreamTestBed(redisConfiguration: RedisTestConnection.ClosedPortConfiguration());

        var requests = await Record.ExceptionAsync(() => down.Requests.PublishAsync([new RequestRecordFactory().Minimal()], Ct));
        var audit = await Record.ExceptionAsync(() => down.Audit.PublishAsync("tenant-a", [events.Event("tenant-a").WithIdempotencyKey("k").Build()], Ct));
        var unkeyed = await Record.ExceptionAsync(() => down.Audit.PublishAsync("tenant-a", [events.Event("tenant-a").Build()], Ct));

        Assert.All([requests, audit, unkeyed], e => Assert.True(e is RedisException or TimeoutException, e?.ToString() ?? "nothing was thrown"));
    }
}

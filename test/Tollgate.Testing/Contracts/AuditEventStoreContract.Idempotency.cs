using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Fact]
    public async Task Replaying_an_idempotency_key_returns_the_original_and_stores_nothing()
    {
        var request = Events.Event(TenantA).WithMessage("created").WithIdempotencyKey("k-1");
        var first = request.Build();
        var retry = request.Build();
        Assert.NotEqual(first.Id, retry.Id);

        var original = await AppendAsync(TenantA, first);
        var replayed = await AppendAsync(TenantA, retry);

        Assert.Equal(new AuditAppendResult(first.Id, 1, Replayed: false), original[0]);
        Assert.Equal(new AuditAppendResult(first.Id, 1, Replayed: true), replayed[0]);
        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Null(await Store.GetAsync(TenantA, retry.Id, Ct));
        AssertBytes(first.Document, (await Store.GetAsync(TenantA, first.Id, Ct))!.Document);
        Assert.Equal(1, (await AssertVerifiesAsync(TenantA)).HeadSequence);
    }

    [Fact]
    public async Task Replaying_a_client_id_returns_the_original_and_stores_nothing()
    {
        var id = Guid.CreateVersion7();
        var request = Events.Event(TenantA).WithId(id).WithMessage("created");
        await AppendManyAsync(TenantA, 2);

        var original = await AppendAsync(TenantA, request.Build());
        var replayed = await AppendAsync(TenantA, request.Build());

        Assert.Equal(new AuditAppendResult(id, 3, Replayed: false), original[0]);
        Assert.Equal(new AuditAppendResult(id, 3, Replayed: true), replayed[0]);
        Assert.Equal(3, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
    }

    [Fact]
    public async Task A_replay_mixed_with_new_events_stores_only_the_new_ones()
    {
        var keyed = Events.Event(TenantA).WithIdempotencyKey("k-1");
        var first = keyed.Build();
        await AppendAsync(TenantA, first);
        var fresh1 = Events.Event(TenantA).WithUser("fresh-1").Build();
        var fresh2 = Events.Event(TenantA).WithUser("fresh-2").Build();

        var results = await AppendAsync(TenantA, fresh1, keyed.Build(), fresh2);

        Assert.Equal(
            [new(fresh1.Id, 2, false), new(first.Id, 1, true), new(fresh2.Id, 3, false)],
            results.ToArray());
        AssertChained(await ReadChainAsync(TenantA), AuditChain.GenesisHash);
    }

    [Fact]
    public async Task A_key_repeated_within_one_batch_is_stored_once()
    {
        var keyed = Events.Event(TenantA).WithIdempotencyKey("k-1");
        var first = keyed.Build();
        var other = Events.Event(TenantA).Build();

        var results = await AppendAsync(TenantA, first, other, keyed.Build());

        Assert.Equal(
            [new(first.Id, 1, false), new(other.Id, 2, false), new(first.Id, 1, true)],
            results.ToArray());
        Assert.Equal(2, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        await AssertVerifiesAsync(TenantA);
    }

    [Fact]
    public async Task A_reused_key_with_other_content_conflicts_and_the_batch_stores_nothing()
    {
        await AppendAsync(TenantA, Events.Event(TenantA).WithMessage("original").WithIdempotencyKey("k-1").Build());
        var batch = new[]
        {
            Events.Event(TenantA).WithUser("would-be-2").Build(),
            Events.Event(TenantA).WithUser("would-be-3").Build(),
            Events.Event(TenantA).WithMessage("changed").WithIdempotencyKey("k-1").Build(),
        };

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AppendAsync(TenantA, batch, Ct));

        Assert.Equal(2, conflict.Index);
        Assert.Equal("key:k-1", conflict.IdempotencyKey);
        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Null(await Store.GetAsync(TenantA, batch[0].Id, Ct));
        Assert.Null(await Store.GetAsync(TenantA, batch[1].Id, Ct));

        // The failed batch consumed no sequence numbers.
        var next = await AppendAsync(TenantA, Events.Event(TenantA).Build());
        Assert.Equal(2, next[0].Sequence);
        await AssertVerifiesAsync(TenantA);
    }

    [Fact]
    public async Task A_key_used_twice_with_different_content_in_one_batch_conflicts()
    {
        var batch = new[]
        {
            Events.Event(TenantA).WithMessage("one").WithIdempotencyKey("k-1").Build(),
            Events.Event(TenantA).WithMessage("two").WithIdempotencyKey("k-1").Build(),
        };

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AppendAsync(TenantA, batch, Ct));

        Assert.Equal(1, conflict.Index);
        Assert.Equal(0, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Equal(0, (await AssertVerifiesAsync(TenantA)).HeadSequence);
    }

    [Fact]
    public async Task A_reused_client_id_with_other_content_conflicts()
    {
        var id = Guid.CreateVersion7();
        await AppendAsync(TenantA, Events.Event(TenantA).WithId(id).WithMessage("original").Build());

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => AppendAsync(TenantA, Events.Event(TenantA).Build(), Events.Event(TenantA).WithId(id).WithMessage("changed").Build()));

        Assert.Equal(1, conflict.Index);
        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
    }

    [Fact]
    public async Task A_reused_client_id_under_another_idempotency_key_conflicts()
    {
        var id = Guid.CreateVersion7();
        await AppendAsync(TenantA, Events.Event(TenantA).WithId(id).WithMessage("original").WithIdempotencyKey("k-1").Build());

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => AppendAsync(TenantA, Events.Event(TenantA).WithId(id).WithMessage("changed").WithIdempotencyKey("k-2").Build()));

        Assert.Equal(0, conflict.Index);
        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Equal("original", await MessageOfAsync(id));
    }

    [Fact]
    public async Task A_client_id_first_sent_without_a_key_conflicts_when_reused_with_a_key()
    {
        var id = Guid.CreateVersion7();
        await AppendAsync(TenantA, Events.Event(TenantA).WithId(id).WithMessage("original").Build());

        await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => AppendAsync(TenantA, Events.Event(TenantA).WithId(id).WithMessage("changed").WithIdempotencyKey("k-1").Build()));

        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Equal("original", await MessageOfAsync(id));
    }

    [Fact]
    public async Task Concurrent_replays_of_one_key_store_it_once()
    {
        var request = Events.Event(TenantA).WithMessage("once").WithIdempotencyKey("k-1");
        var attempts = Enumerable.Range(0, 8).Select(_ => request.Build()).ToArray();

        var results = await Task.WhenAll(attempts.Select(e => Task.Run(() => Store.AppendAsync(TenantA, [e], Ct), Ct)));

        var flat = results.Select(r => Assert.Single(r)).ToArray();
        Assert.Single(flat.Select(r => (r.EventId, r.Sequence)).Distinct());
        Assert.Single(flat, r => !r.Replayed);
        Assert.Equal(1, flat[0].Sequence);
        Assert.Equal(1, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        await AssertVerifiesAsync(TenantA);
    }

    private async Task<string?> MessageOfAsync(Guid id)
    {
        var stored = await Store.GetAsync(TenantA, id, Ct);
        Assert.NotNull(stored);
        using var document = System.Text.Json.JsonDocument.Parse(stored.Document);
        return document.RootElement.TryGetProperty(AuditFields.Message, out var message) ? message.GetString() : null;
    }
}

using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Fact]
    public async Task Tenants_have_separate_sequences_and_chains()
    {
        var a1 = await AppendAsync(TenantA, Events.Event(TenantA).Build(), Events.Event(TenantA).Build());
        var b1 = await AppendAsync(TenantB, Events.Event(TenantB).Build());
        var a2 = await AppendAsync(TenantA, Events.Event(TenantA).Build());
        var b2 = await AppendAsync(TenantB, Events.Event(TenantB).Build(), Events.Event(TenantB).Build());

        Assert.Equal(new long[] { 1, 2, 3 }, a1.Concat(a2).Select(r => r.Sequence));
        Assert.Equal(new long[] { 1, 2, 3 }, b1.Concat(b2).Select(r => r.Sequence));
        var chainA = await ReadChainAsync(TenantA);
        var chainB = await ReadChainAsync(TenantB);
        Assert.All(chainA, e => Assert.Equal(TenantA, e.TenantId));
        Assert.All(chainB, e => Assert.Equal(TenantB, e.TenantId));
        AssertBytes(AssertChained(chainA, AuditChain.GenesisHash), (await AssertVerifiesAsync(TenantA)).HeadHash);
        AssertBytes(AssertChained(chainB, AuditChain.GenesisHash), (await AssertVerifiesAsync(TenantB)).HeadHash);
    }

    [Fact]
    public async Task No_call_returns_or_touches_another_tenants_events()
    {
        var original = Events.Event(TenantA).WithUser("shared-user").WithType("secret.read").WithService("vault").WithMessage("needle").Build();
        await AppendAsync(TenantA, original, Events.Event(TenantA).Amending(original.Id).WithUser("shared-user").Build());
        var verifiedA = await AssertVerifiesAsync(TenantA);

        Assert.Null(await Store.GetAsync(TenantB, original.Id, Ct));
        Assert.Empty(await Store.GetAmendmentsAsync(TenantB, original.Id, Ct));
        var page = await Store.QueryAsync(TenantB, new AuditEventQuery(), Ct);
        Assert.Empty(page.Items);
        Assert.Null(page.Next);
        Assert.Empty((await Store.QueryAsync(TenantB, new AuditEventQuery { Filter = new() { UserId = "shared-user" } }, Ct)).Items);
        Assert.Empty((await Store.QueryAsync(TenantB, new AuditEventQuery { Filter = new() { Text = "needle" } }, Ct)).Items);
        Assert.Equal(0, await Store.CountAsync(TenantB, AuditEventFilter.All, Ct));
        var stats = await Store.GetStatsAsync(TenantB, AuditEventFilter.All, AuditStatsInterval.Day, Ct);
        Assert.Equal(0, stats.Total);
        Assert.Empty(stats.ByEventType);
        Assert.Empty(stats.BySrcService);
        Assert.Empty(stats.OverTime);
        var verifiedB = await AssertVerifiesAsync(TenantB);
        Assert.Equal(0, verifiedB.HeadSequence);
        Assert.Equal(0, verifiedB.Verified);

        var deleted = await Store.DeleteReceivedBeforeAsync(TenantB, FarFuture, Ct);

        Assert.Equal(0, deleted.Deleted);
        Assert.Null(deleted.Checkpoint);
        Assert.Equal(2, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        var afterA = await AssertVerifiesAsync(TenantA);
        Assert.Null(afterA.Checkpoint);
        Assert.Equal(verifiedA.HeadSequence, afterA.HeadSequence);
    }

    [Fact]
    public async Task Deleting_one_tenants_events_leaves_the_others()
    {
        await AppendManyAsync(TenantA, 3);
        await AppendManyAsync(TenantB, 3);

        var result = await Store.DeleteReceivedBeforeAsync(TenantA, FarFuture, Ct);

        Assert.Equal(3, result.Deleted);
        Assert.Equal(0, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        Assert.Equal(3, await Store.CountAsync(TenantB, AuditEventFilter.All, Ct));
        var b = await AssertVerifiesAsync(TenantB);
        Assert.Null(b.Checkpoint);
        Assert.Equal(3, b.Verified);
    }

    [Fact]
    public async Task Idempotency_keys_are_scoped_to_the_tenant()
    {
        var a = Events.Event(TenantA).WithMessage("a").WithIdempotencyKey("k-1").Build();
        var b = Events.Event(TenantB).WithMessage("b").WithIdempotencyKey("k-1").Build();

        var resultA = await AppendAsync(TenantA, a);
        var resultB = await AppendAsync(TenantB, b);

        Assert.Equal(new AuditAppendResult(a.Id, 1, false), resultA[0]);
        Assert.Equal(new AuditAppendResult(b.Id, 1, false), resultB[0]);
    }

    [Fact]
    public async Task Client_ids_are_scoped_to_the_tenant()
    {
        var id = Guid.CreateVersion7();
        var a = Events.Event(TenantA).WithId(id).WithMessage("a").Build();
        var b = Events.Event(TenantB).WithId(id).WithMessage("b").Build();

        await AppendAsync(TenantA, a);
        var resultB = await AppendAsync(TenantB, b);

        Assert.Equal(new AuditAppendResult(id, 1, false), resultB[0]);
        AssertBytes(a.Document, (await Store.GetAsync(TenantA, id, Ct))!.Document);
        AssertBytes(b.Document, (await Store.GetAsync(TenantB, id, Ct))!.Document);
    }

    [Fact]
    public async Task Amendments_are_listed_oldest_first_for_their_original_only()
    {
        var first = Events.Event(TenantA).WithTarget("order-1").Build();
        var second = Events.Event(TenantA).WithTarget("order-2").Build();
        await AppendAsync(TenantA, first, second);
        var a1 = Events.Event(TenantA).Amending(first.Id).WithMessage("fix 1").Build();
        var b1 = Events.Event(TenantA).Amending(second.Id).WithMessage("fix b").Build();
        await AppendAsync(TenantA, a1, b1);
        var a2 = Events.Event(TenantA).Amending(first.Id).WithMessage("fix 2").Build();
        await AppendAsync(TenantA, a2);

        var ofFirst = await Store.GetAmendmentsAsync(TenantA, first.Id, Ct);
        var ofSecond = await Store.GetAmendmentsAsync(TenantA, second.Id, Ct);

        Assert.Equal(new[] { a1.Id, a2.Id }, ofFirst.Select(e => e.Id));
        Assert.All(ofFirst, e => Assert.Equal(first.Id, e.Amends));
        Assert.Equal(new[] { b1.Id }, ofSecond.Select(e => e.Id));
        AssertBytes(a1.Document, ofFirst[0].Document);
        Assert.Empty(await Store.GetAmendmentsAsync(TenantA, a1.Id, Ct));
        Assert.Empty(await Store.GetAmendmentsAsync(TenantA, Guid.CreateVersion7(), Ct));
        var stored = await Store.GetAsync(TenantA, a2.Id, Ct);
        Assert.Equal(first.Id, stored?.Amends);
        Assert.Equal(5, stored?.Sequence);
    }
}

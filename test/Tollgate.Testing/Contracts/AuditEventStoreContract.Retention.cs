using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    private static readonly DateTimeOffset RetentionBase = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Retention_deletes_the_chain_prefix_received_before_the_cutoff_and_records_a_checkpoint()
    {
        var events = await AppendReceivedAtAsync(0, 1, 2, 3, 4);
        var before = await ReadChainAsync(TenantA);

        var result = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(2), Ct);

        Assert.Equal(2, result.Deleted);
        Assert.NotNull(result.Checkpoint);
        Assert.Equal(2, result.Checkpoint.Sequence);
        AssertBytes(before[1].Hash, result.Checkpoint.Hash);
        Assert.Null(await Store.GetAsync(TenantA, events[0].Id, Ct));
        Assert.Null(await Store.GetAsync(TenantA, events[1].Id, Ct));
        Assert.Equal(new long[] { 3, 4, 5 }, (await ReadChainAsync(TenantA)).Select(e => e.Sequence));
        Assert.Equal(3, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
    }

    [Fact]
    public async Task The_chain_verifies_from_the_checkpoint_after_retention()
    {
        await AppendReceivedAtAsync(0, 1, 2, 3, 4);
        var result = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(2), Ct);

        var verification = await AssertVerifiesAsync(TenantA);

        Assert.Equal(3, verification.Verified);
        Assert.Equal(5, verification.HeadSequence);
        Assert.NotNull(verification.Checkpoint);
        Assert.Equal(result.Checkpoint!.Sequence, verification.Checkpoint.Sequence);
        AssertBytes(result.Checkpoint.Hash, verification.Checkpoint.Hash);
        var head = AssertChained(await ReadChainAsync(TenantA), result.Checkpoint.Hash);
        AssertBytes(head, verification.HeadHash);
    }

    [Fact]
    public async Task An_event_received_exactly_at_the_cutoff_is_kept()
    {
        var events = await AppendReceivedAtAsync(0, 1, 2);

        var result = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(1), Ct);

        Assert.Equal(1, result.Deleted);
        Assert.NotNull(await Store.GetAsync(TenantA, events[1].Id, Ct));
    }

    [Fact]
    public async Task Retention_follows_the_chain_not_the_receive_times()
    {
        // Sequence 3 arrived late (its receive time is after the cutoff), so sequence 4 stays although it is older.
        var events = await AppendReceivedAtAsync(0, 1, 10, 2, 11);

        var result = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(5), Ct);

        Assert.Equal(2, result.Deleted);
        Assert.Equal(2, result.Checkpoint?.Sequence);
        Assert.Equal(new[] { events[2].Id, events[3].Id, events[4].Id }, (await ReadChainAsync(TenantA)).Select(e => e.Id));
        await AssertVerifiesAsync(TenantA);
    }

    [Fact]
    public async Task Retention_with_nothing_to_delete_leaves_no_checkpoint()
    {
        var empty = await Store.DeleteReceivedBeforeAsync(TenantA, FarFuture, Ct);
        await AppendReceivedAtAsync(5, 6);
        var tooEarly = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(5), Ct);

        Assert.Equal(new RetentionResult(0, null), empty);
        Assert.Equal(new RetentionResult(0, null), tooEarly);
        Assert.Null((await AssertVerifiesAsync(TenantA)).Checkpoint);
        Assert.Equal(2, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
    }

    [Fact]
    public async Task Appends_continue_the_chain_after_retention()
    {
        await AppendReceivedAtAsync(0, 1, 2, 3, 4);
        var lastHash = (await ReadChainAsync(TenantA))[^1].Hash;
        var checkpoint = (await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(2), Ct)).Checkpoint!;

        var results = await AppendAsync(TenantA, Events.Event(TenantA).ReceivedAt(RetentionBase.AddMinutes(6)).Build(), Events.Event(TenantA).ReceivedAt(RetentionBase.AddMinutes(7)).Build());

        Assert.Equal(new long[] { 6, 7 }, results.Select(r => r.Sequence));
        var chain = await ReadChainAsync(TenantA);
        Assert.Equal(new long[] { 3, 4, 5, 6, 7 }, chain.Select(e => e.Sequence));
        AssertChained(chain, checkpoint.Hash);
        AssertChained(chain[^2..], lastHash);
        var verification = await AssertVerifiesAsync(TenantA);
        Assert.Equal(5, verification.Verified);
        Assert.Equal(7, verification.HeadSequence);
    }

    [Fact]
    public async Task Deleting_everything_leaves_the_head_at_the_checkpoint_and_appends_continue()
    {
        await AppendReceivedAtAsync(0, 1, 2);
        var lastHash = (await ReadChainAsync(TenantA))[^1].Hash;

        var result = await Store.DeleteReceivedBeforeAsync(TenantA, FarFuture, Ct);

        Assert.Equal(3, result.Deleted);
        Assert.Equal(3, result.Checkpoint?.Sequence);
        AssertBytes(lastHash, result.Checkpoint!.Hash);
        Assert.Equal(0, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        var emptied = await AssertVerifiesAsync(TenantA);
        Assert.Equal(0, emptied.Verified);
        Assert.Equal(3, emptied.HeadSequence);
        AssertBytes(lastHash, emptied.HeadHash);

        var next = Events.Event(TenantA).ReceivedAt(RetentionBase.AddMinutes(10)).Build();
        var appended = await AppendAsync(TenantA, next);

        Assert.Equal(4, appended[0].Sequence);
        var stored = await Store.GetAsync(TenantA, next.Id, Ct);
        AssertBytes(AuditChain.ComputeHash(lastHash.Span, next.Document.Span), stored!.Hash);
        var verification = await AssertVerifiesAsync(TenantA);
        Assert.Equal(1, verification.Verified);
        Assert.Equal(4, verification.HeadSequence);
        AssertBytes(stored.Hash, verification.HeadHash);
    }

    [Fact]
    public async Task A_second_retention_run_moves_the_checkpoint()
    {
        await AppendReceivedAtAsync(0, 1, 2, 3, 4, 5);
        var chain = await ReadChainAsync(TenantA);
        await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(2), Ct);

        var second = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(4), Ct);
        var third = await Store.DeleteReceivedBeforeAsync(TenantA, RetentionBase.AddMinutes(1), Ct);

        Assert.Equal(2, second.Deleted);
        Assert.Equal(4, second.Checkpoint?.Sequence);
        AssertBytes(chain[3].Hash, second.Checkpoint!.Hash);
        Assert.Equal(0, third.Deleted);
        Assert.Equal(4, third.Checkpoint?.Sequence);
        var verification = await AssertVerifiesAsync(TenantA);
        Assert.Equal(4, verification.Checkpoint?.Sequence);
        Assert.Equal(2, verification.Verified);
        Assert.Equal(6, verification.HeadSequence);
    }

    /// <summary>Appends one event per receive time (minutes after 2025-01-01T00:00Z), one batch, in the given order.</summary>
    private async Task<NewAuditEvent[]> AppendReceivedAtAsync(params int[] minutes)
    {
        var events = minutes.Select(m => Events.Event(TenantA).ReceivedAt(RetentionBase.AddMinutes(m)).Build()).ToArray();
        await Store.AppendAsync(TenantA, events, Ct);
        return events;
    }
}

using System.Text.Json.Nodes;
using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Fact]
    public async Task Append_assigns_sequences_from_one_in_batch_order()
    {
        var events = Events.Many(TenantA, 5, (e, i) => e.WithUser($"user-{i}"));

        var results = await Store.AppendAsync(TenantA, events, Ct);

        Assert.Equal(5, results.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(new AuditAppendResult(events[i].Id, i + 1, Replayed: false), results[i]);
            var stored = await Store.GetAsync(TenantA, events[i].Id, Ct);
            Assert.NotNull(stored);
            Assert.Equal(i + 1, stored.Sequence);
            Assert.Equal($"user-{i}", stored.UserId);
        }
    }

    [Fact]
    public async Task Sequences_continue_across_batches_without_gaps()
    {
        await AppendManyAsync(TenantA, 3);
        var second = Events.Many(TenantA, 2);

        var results = await Store.AppendAsync(TenantA, second, Ct);

        Assert.Equal([4L, 5L], results.Select(r => r.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await ReadChainAsync(TenantA)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Hashes_chain_from_32_zero_bytes()
    {
        await AppendManyAsync(TenantA, 4, (e, i) => e.WithMessage($"first batch {i}"));
        await AppendManyAsync(TenantA, 3, (e, i) => e.WithMessage($"second batch {i}"));

        var chain = await ReadChainAsync(TenantA);

        Assert.Equal(7, chain.Count);
        var head = AssertChained(chain, new byte[AuditChain.HashSize]);
        var verification = await AssertVerifiesAsync(TenantA);
        AssertBytes(head, verification.HeadHash);
    }

    [Fact]
    public async Task Get_returns_the_event_as_appended()
    {
        var original = Events.Event(TenantA)
            .WithUser("alice")
            .WithType("invoice.paid")
            .WithService("billing")
            .WithTarget("invoice-42")
            .WithMessage("Invoice paid")
            .WithRequestId("req-1")
            .WithTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .At(Utc(2025, 2, 28, 23, 59, 59, 123_456))
            .WithAppData(new JsonObject { ["amount"] = 12.50m, ["currency"] = "EUR", ["note"] = "naïve café ✓ 😀" })
            .Build();

        await AppendAsync(TenantA, original);
        var stored = await Store.GetAsync(TenantA, original.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(original.Id, stored.Id);
        Assert.Equal(TenantA, stored.TenantId);
        Assert.Equal(1, stored.Sequence);
        Assert.Equal(original.Timestamp, stored.Timestamp);
        Assert.Equal(original.ReceivedAt, stored.ReceivedAt);
        Assert.Equal("alice", stored.UserId);
        Assert.Equal("invoice.paid", stored.EventType);
        Assert.Equal("billing", stored.SrcService);
        Assert.Equal("invoice-42", stored.Target);
        Assert.Null(stored.Amends);
        AssertBytes(original.Document, stored.Document);
        AssertBytes(AuditChain.ComputeHash(AuditChain.GenesisHash.Span, original.Document.Span), stored.Hash);
    }

    [Fact]
    public async Task Get_returns_null_for_an_unknown_id()
    {
        await AppendManyAsync(TenantA, 2);

        Assert.Null(await Store.GetAsync(TenantA, Guid.CreateVersion7(), Ct));
    }

    [Fact]
    public async Task Optional_fields_left_out_come_back_null()
    {
        var original = Events.Event(TenantA).Build();

        await AppendAsync(TenantA, original);
        var stored = await Store.GetAsync(TenantA, original.Id, Ct);

        Assert.NotNull(stored);
        Assert.Null(stored.Target);
        Assert.Null(stored.Amends);
    }

    [Fact]
    public async Task Keeps_timestamps_to_the_microsecond()
    {
        var timestamps = new[]
        {
            Utc(2024, 5, 6, 7, 8, 9, 123_456),
            Utc(2024, 5, 6, 7, 8, 9, 1),
            Utc(2024, 5, 6, 7, 8, 9, 999_999),
            Utc(1970, 1, 1),
            Utc(2099, 12, 31, 23, 59, 59, 999_999),
        };
        var received = Utc(2025, 3, 1, 10, 0, 0, 654_321);
        var events = timestamps.Select((t, i) => Events.Event(TenantA).At(t).ReceivedAt(received.AddTicks(i * 10)).Build()).ToArray();

        await AppendAsync(TenantA, events);

        foreach (var appended in events)
        {
            var stored = await Store.GetAsync(TenantA, appended.Id, Ct);
            Assert.NotNull(stored);
            Assert.Equal(appended.Timestamp.UtcTicks, stored.Timestamp.UtcTicks);
            Assert.Equal(appended.ReceivedAt.UtcTicks, stored.ReceivedAt.UtcTicks);
            Assert.Equal(TimeSpan.Zero, stored.Timestamp.Offset);
        }

        var queried = await ReadAllAsync(TenantA);
        Assert.Equal(
            events.Select(e => e.Timestamp.UtcTicks).Order(),
            queried.Select(e => e.Timestamp.UtcTicks));
    }

    [Fact]
    public async Task Keeps_client_supplied_ids()
    {
        var id = Guid.Parse("0192f0c1-7a3b-7def-8123-456789abcdef");
        var original = Events.Event(TenantA).WithId(id).Build();

        var results = await AppendAsync(TenantA, original);

        Assert.Equal(id, results[0].EventId);
        Assert.Equal(id, (await Store.GetAsync(TenantA, id, Ct))?.Id);
    }
}

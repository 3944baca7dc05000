using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Audit;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>What the embedded store keeps across restarts, and its own options.</summary>
public sealed class SqliteDurabilityTests : IAsyncDisposable
{
    private const string Tenant = "tenant-a";
    private readonly TempDirectory directory = new("sqlite-durability-");
    private readonly AuditEventFactory events = new();

    private string DatabasePath => directory.Combine("tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task Events_survive_a_restart_and_the_chain_continues()
    {
        var first = events.Many(Tenant, 10, (e, i) => e.WithMessage($"before restart {i}"));
        await using (var store = await SqliteTestStore.OpenAsync(DatabasePath))
        {
            await store.AppendAsync(Tenant, first, Ct);
        }

        await using (var reopened = await SqliteTestStore.OpenAsync(DatabasePath))
        {
            Assert.Equal(10, await reopened.CountAsync(Tenant, AuditEventFilter.All, Ct));
            foreach (var appended in first)
            {
                var stored = await reopened.GetAsync(Tenant, appended.Id, Ct);
                Assert.True(appended.Document.Span.SequenceEqual(stored!.Document.Span));
            }

            var lastHash = (await reopened.VerifyChainAsync(Tenant, Ct)).HeadHash.ToArray();
            var next = events.Event(Tenant).WithMessage("after restart").Build();

            var result = await reopened.AppendAsync(Tenant, [next], Ct);

            Assert.Equal(11, result[0].Sequence);
            var stored11 = await reopened.GetAsync(Tenant, next.Id, Ct);
            Assert.Equal(AuditChain.ComputeHash(lastHash, next.Document.Span), stored11!.Hash.ToArray());
            var verification = await reopened.VerifyChainAsync(Tenant, Ct);
            Assert.True(verification.Ok);
            Assert.Equal(11, verification.Verified);
        }
    }

    [Fact]
    public async Task Idempotency_keys_survive_a_restart()
    {
        var request = events.Event(Tenant).WithIdempotencyKey("k-1");
        var original = request.Build();
        await using (var store = await SqliteTestStore.OpenAsync(DatabasePath))
        {
            await store.AppendAsync(Tenant, [original], Ct);
        }

        await using var reopened = await SqliteTestStore.OpenAsync(DatabasePath);
        var replay = await reopened.AppendAsync(Tenant, [request.Build()], Ct);

        Assert.Equal(new AuditAppendResult(original.Id, 1, Replayed: true), replay[0]);
    }

    [Fact]
    public async Task A_chain_emptied_by_retention_continues_from_its_checkpoint_after_a_restart()
    {
        await using (var store = await SqliteTestStore.OpenAsync(DatabasePath))
        {
            await store.AppendAsync(Tenant, events.Many(Tenant, 4), Ct);
            Assert.Equal(4, (await store.DeleteReceivedBeforeAsync(Tenant, events.PeekReceivedAt(), Ct)).Deleted);
        }

        await using var reopened = await SqliteTestStore.OpenAsync(DatabasePath);
        var checkpoint = (await reopened.VerifyChainAsync(Tenant, Ct)).Checkpoint;
        var next = events.Event(Tenant).Build();

        var result = await reopened.AppendAsync(Tenant, [next], Ct);

        Assert.Equal(4, checkpoint?.Sequence);
        Assert.Equal(5, result[0].Sequence);
        Assert.Equal(AuditChain.ComputeHash(checkpoint!.Hash.Span, next.Document.Span), (await reopened.GetAsync(Tenant, next.Id, Ct))!.Hash.ToArray());
        var verification = await reopened.VerifyChainAsync(Tenant, Ct);
        Assert.True(verification.Ok);
        Assert.Equal(5, verification.HeadSequence);
    }

    [Fact]
    public async Task Checkpoints_record_the_stores_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
        await using var store = await SqliteTestStore.OpenAsync(DatabasePath, clock);
        await store.AppendAsync(Tenant, events.Many(Tenant, 2), Ct);

        var result = await store.DeleteReceivedBeforeAsync(Tenant, events.PeekReceivedAt(), Ct);

        Assert.Equal(clock.GetUtcNow(), result.Checkpoint?.CreatedAt);
    }

    [Fact]
    public async Task Retention_larger_than_a_chunk_deletes_the_whole_prefix()
    {
        await using var store = await SqliteTestStore.OpenAsync(DatabasePath, configure: o => o.RetentionChunkSize = 3);
        var appended = events.Many(Tenant, 11);
        await store.AppendAsync(Tenant, appended, Ct);

        var result = await store.DeleteReceivedBeforeAsync(Tenant, appended[9].ReceivedAt, Ct);

        Assert.Equal(9, result.Deleted);
        Assert.Equal(9, result.Checkpoint?.Sequence);
        Assert.Equal(2, await store.CountAsync(Tenant, AuditEventFilter.All, Ct));
        Assert.True((await store.VerifyChainAsync(Tenant, Ct)).Ok);
    }

    [Fact]
    public async Task A_batch_larger_than_the_group_commit_limit_still_commits_whole()
    {
        await using var store = await SqliteTestStore.OpenAsync(DatabasePath, configure: o => o.MaxBatchEvents = 5);
        var batch = events.Many(Tenant, 12);

        var results = await store.AppendAsync(Tenant, batch, Ct);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), results.Select(r => r.Sequence));
        Assert.True((await store.VerifyChainAsync(Tenant, Ct)).Ok);
    }

    [Fact]
    public async Task A_failed_batch_in_a_group_commit_does_not_affect_the_others()
    {
        await using var store = await SqliteTestStore.OpenAsync(DatabasePath, configure: o => o.Synchronous = SqliteSynchronousMode.Normal);
        await store.AppendAsync(Tenant, [events.Event(Tenant).WithMessage("a").WithIdempotencyKey("k").Build()], Ct);
        var good = Enumerable.Range(0, 20).Select(i => events.Many(Tenant, 5)).ToArray();
        var bad = events.Event(Tenant).WithMessage("b").WithIdempotencyKey("k").Build();

        var goodTasks = good.Select(batch => store.AppendAsync(Tenant, batch, Ct)).ToArray();
        var badTask = store.AppendAsync(Tenant, [events.Event(Tenant).Build(), bad], Ct);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => badTask);
        await Task.WhenAll(goodTasks);
        Assert.Equal(101, await store.CountAsync(Tenant, AuditEventFilter.All, Ct));
        var verification = await store.VerifyChainAsync(Tenant, Ct);
        Assert.True(verification.Ok);
        Assert.Equal(101, verification.HeadSequence);
    }

    [Fact]
    public async Task Is_not_ready_before_initialisation_or_after_disposal()
    {
        var store = new SqliteAuditEventStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { Path = DatabasePath }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteAuditEventStore>.Instance);
        Assert.False(await store.IsReadyAsync(Ct));

        await store.InitializeAsync(Ct);
        Assert.True(await store.IsReadyAsync(Ct));

        await store.DisposeAsync();
        Assert.False(await store.IsReadyAsync(Ct));
    }
}

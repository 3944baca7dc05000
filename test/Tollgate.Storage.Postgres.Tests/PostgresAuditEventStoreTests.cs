using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Testing;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>What the contract cannot show: several nodes appending to one chain, the raw rows, readiness without a server.</summary>
public sealed class PostgresAuditEventStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private readonly AuditEventFactory events = new();
    private PostgresTestDatabase? database;

    private PostgresTestDatabase Database => database!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Appenders_on_several_nodes_keep_one_tenants_chain_gap_free()
    {
        const int nodes = 3, writersPerNode = 3, batches = 15, batchSize = 10;
        var dataSources = Enumerable.Range(0, nodes).Select(_ => Database.CreateDataSource()).ToArray();
        try
        {
            var stores = dataSources.Select(Store).ToArray();
            var work = from node in Enumerable.Range(0, nodes)
                       from writer in Enumerable.Range(0, writersPerNode)
                       select Task.Run(
                           async () =>
                           {
                               var sequences = new List<long>();
                               for (var b = 0; b < batches; b++)
                               {
                                   var batch = events.Many(Tenant, batchSize, (e, i) => e.WithUser($"node-{node}-writer-{writer}").WithMessage($"{b}/{i}"));
                                   var results = await stores[node].AppendAsync(Tenant, batch, Ct);
                                   Assert.Equal(batch.Select(e => e.Id), results.Select(r => r.EventId));
                                   sequences.AddRange(results.Select(r => r.Sequence));
                               }

                               return sequences;
                           },
                           Ct);

            var all = (await Task.WhenAll(work)).SelectMany(s => s).Order().ToList();

            const int total = nodes * writersPerNode * batches * batchSize;
            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), all);
            var verification = await stores[0].VerifyChainAsync(Tenant, Ct);
            Assert.True(verification.Ok, verification.Reason);
            Assert.Equal(total, verification.Verified);
            Assert.Equal(total, await Database.ScalarAsync<long>("SELECT sequence FROM audit_chain_heads WHERE tenant_id = $1", Tenant));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task One_idempotency_key_replayed_on_several_nodes_at_once_is_stored_once()
    {
        var dataSources = Enumerable.Range(0, 4).Select(_ => Database.CreateDataSource()).ToArray();
        try
        {
            var request = events.Event(Tenant).WithMessage("once").WithIdempotencyKey("k-1");
            var results = await Task.WhenAll(dataSources.Select(ds => Task.Run(() => Store(ds).AppendAsync(Tenant, [request.Build()], Ct), Ct)));

            Assert.Single(results.Select(r => r[0].EventId).Distinct());
            Assert.Single(results, r => !r[0].Replayed);
            Assert.Equal(1, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_events"));
            Assert.Equal(1, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_idempotency_keys"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Documents_are_stored_byte_for_byte_as_hashed()
    {
        var appended = events.Event(Tenant).WithMessage("naïve café ✓ 😀 \"quoted\"\t1.50").Build();
        await Store(Database.DataSource).AppendAsync(Tenant, [appended], Ct);

        var stored = await Database.ScalarAsync<byte[]>("SELECT document FROM audit_events WHERE id = $1", appended.Id);

        Assert.Equal(appended.Document.ToArray(), stored);
    }

    [Fact]
    public async Task A_failed_batch_leaves_the_head_where_it_was()
    {
        var store = Store(Database.DataSource);
        await store.AppendAsync(Tenant, events.Many(Tenant, 2), Ct);
        var id = Guid.CreateVersion7();
        await store.AppendAsync(Tenant, [events.Event(Tenant).WithId(id).WithMessage("original").Build()], Ct);

        await Assert.ThrowsAsync<IdempotencyConflictException>(
            () => store.AppendAsync(Tenant, [events.Event(Tenant).Build(), events.Event(Tenant).WithId(id).WithMessage("changed").Build()], Ct));

        Assert.Equal(3, await Database.ScalarAsync<long>("SELECT sequence FROM audit_chain_heads WHERE tenant_id = $1", Tenant));
        Assert.Equal(4, (await store.AppendAsync(Tenant, events.Many(Tenant, 1), Ct))[0].Sequence);
    }

    [Fact]
    public async Task Retention_removes_the_idempotency_keys_of_deleted_events()
    {
        var store = Store(Database.DataSource);
        var keyed = events.Event(Tenant).WithIdempotencyKey("k-1");
        var first = keyed.Build();
        await store.AppendAsync(Tenant, [first], Ct);
        await store.DeleteReceivedBeforeAsync(Tenant, first.ReceivedAt.AddTicks(10), Ct);

        var again = await store.AppendAsync(Tenant, [keyed.Build()], Ct);

        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_idempotency_keys WHERE sequence = 1"));
        Assert.False(again[0].Replayed);
        Assert.Equal(2, again[0].Sequence);
    }

    [Fact]
    public async Task Retention_in_small_chunks_deletes_the_whole_prefix()
    {
        var store = Store(Database.DataSource, o => o.RetentionChunkSize = 3);
        var appended = events.Many(Tenant, 10);
        await store.AppendAsync(Tenant, appended, Ct);

        var result = await store.DeleteReceivedBeforeAsync(Tenant, appended[8].ReceivedAt, Ct);

        Assert.Equal(8, result.Deleted);
        Assert.Equal(8, result.Checkpoint?.Sequence);
        Assert.Equal(3, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_chain_checkpoints"));
        Assert.True((await store.VerifyChainAsync(Tenant, Ct)).Ok);
    }

    [Fact]
    public async Task Is_not_ready_without_a_server_and_does_not_throw()
    {
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2");

        Assert.False(await Store(nowhere).IsReadyAsync(Ct));
    }

    private static PostgresAuditEventStore Store(NpgsqlDataSource dataSource) => Store(dataSource, _ => { });

    private static PostgresAuditEventStore Store(NpgsqlDataSource dataSource, Action<PostgresStoreOptions> configure)
    {
        var options = new PostgresStoreOptions();
        configure(options);
        return new PostgresAuditEventStore(dataSource, Options.Create(options), TimeProvider.System);
    }
}

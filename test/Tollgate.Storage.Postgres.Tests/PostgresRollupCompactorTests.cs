using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Core.Analytics;
using Tollgate.Testing.Logging;
using static Tollgate.Storage.Postgres.Tests.RollupTestData;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>
/// Rollup deltas and their compaction: deltas folded exactly, reads the same before and after, one compactor at a
/// time, chunks, failures logged once per outage, and several nodes writing one tenant while compaction runs.
/// </summary>
public sealed class PostgresRollupCompactorTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private PostgresTestDatabase? database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresTestDatabase Database => database!;

    public async ValueTask InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Compaction_folds_every_delta_into_one_row_per_key_and_reads_are_the_same_before_and_after()
    {
        var store = Store(Database.DataSource);
        var records = Traffic(Tenant, 2_000, seed: 1, Hour, TimeSpan.FromMinutes(90));
        foreach (var batch in records.Chunk(250))
        {
            await store.WriteAsync(batch, Ct);
        }

        var deltas = await DeltasAsync();
        var before = await ReadAllAsync(store, Tenant);

        var folded = await Compactor(Database.DataSource).CompactAsync(Ct);

        Assert.Equal(deltas, folded);
        Assert.True(deltas > before.Count, "Eight batches over the same buckets should have left several deltas per key.");
        Assert.Equal(0L, await DeltasAsync());
        Assert.Equal(before.Count, await RollupRowsAsync());
        AssertSame(Expected(records), before);
        AssertSame(before, await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task Deltas_merge_into_rows_already_folded_and_reads_merge_both_into_one_row_per_key()
    {
        var store = Store(Database.DataSource);
        var compactor = Compactor(Database.DataSource);
        var first = Traffic(Tenant, 500, seed: 2, Hour, TimeSpan.FromMinutes(20));
        var second = Traffic(Tenant, 500, seed: 3, Hour.AddMinutes(10), TimeSpan.FromMinutes(20));
        await store.WriteAsync(first, Ct);
        await compactor.CompactAsync(Ct);

        await store.WriteAsync(second, Ct);

        Assert.True(await DeltasAsync() > 0);
        AssertSame(Expected([.. first, .. second]), await ReadAllAsync(store, Tenant));
        await compactor.CompactAsync(Ct);
        Assert.Equal(0L, await DeltasAsync());
        AssertSame(Expected([.. first, .. second]), await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task A_round_takes_chunk_after_chunk_until_one_comes_back_short()
    {
        var store = Store(Database.DataSource);
        var records = Traffic(Tenant, 300, seed: 4, Hour, TimeSpan.FromMinutes(30));
        foreach (var batch in records.Chunk(100))
        {
            await store.WriteAsync(batch, Ct);
        }

        var deltas = await DeltasAsync();

        var folded = await Compactor(Database.DataSource, chunkSize: 7).CompactAsync(Ct);

        Assert.Equal(deltas, folded);
        Assert.Equal(0L, await DeltasAsync());
        AssertSame(Expected(records), await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task A_round_is_skipped_while_another_session_holds_the_lock()
    {
        var store = Store(Database.DataSource);
        await store.WriteAsync(Traffic(Tenant, 50, seed: 5, Hour, TimeSpan.FromMinutes(5)), Ct);
        var deltas = await DeltasAsync();
        await using var otherNode = Database.CreateDataSource();
        await using var holder = await otherNode.OpenConnectionAsync(Ct);
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PostgresRollupCompactor.LockKey})");

        var skipped = await Compactor(Database.DataSource).CompactAsync(Ct);
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresRollupCompactor.LockKey})");
        var after = await Compactor(Database.DataSource).CompactAsync(Ct);

        Assert.Null(skipped);
        Assert.Equal(deltas, after);
    }

    [Fact]
    public async Task Rollups_off_writes_no_deltas_and_no_rollups()
    {
        var store = Store(Database.DataSource, rollups: false);

        await store.WriteAsync(Traffic(Tenant, 100, seed: 6, Hour, TimeSpan.FromMinutes(5)), Ct);

        Assert.Equal(100L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
        Assert.Equal(0L, await DeltasAsync());
        Assert.Empty(await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task Two_nodes_writing_the_same_batch_at_once_count_each_request_once()
    {
        var records = Traffic(Tenant, 1_000, seed: 7, Hour, TimeSpan.FromMinutes(10));
        await using var secondNode = Database.CreateDataSource();
        var first = Store(Database.DataSource);
        var second = Store(secondNode);

        await Task.WhenAll(
            Task.Run(() => first.WriteAsync(records, Ct), Ct),
            Task.Run(() => second.WriteAsync(records, Ct), Ct));

        AssertSame(Expected(records), await ReadAllAsync(first, Tenant));
    }

    [Fact]
    public async Task Two_nodes_writing_one_tenant_while_both_compact_count_every_request_exactly_once()
    {
        var records = Traffic(Tenant, 6_000, seed: 8, Hour, TimeSpan.FromMinutes(30));
        await using var secondNode = Database.CreateDataSource();
        var nodes = new[] { Database.DataSource, secondNode };
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // Each node compacts in a loop (at most one at a time gets the lock) while both write; every batch is also
        // redelivered by the other node, as the stream collectors redeliver after a failure.
        var compactions = nodes.Select(node => Task.Run(() => CompactUntilCancelledAsync(Compactor(node, chunkSize: 500), writing.Token), Ct)).ToArray();
        var batches = records.Chunk(200).ToArray();
        await Task.WhenAll(nodes.Select((node, n) => Task.Run(
            async () =>
            {
                var store = Store(node);
                for (var b = n; b < batches.Length; b += 2)
                {
                    await store.WriteAsync(batches[b], Ct);
                    await store.WriteAsync(batches[b ^ 1], Ct);
                }
            },
            Ct)));
        var whileCompacting = await ReadAllAsync(Store(secondNode), Tenant);
        await writing.CancelAsync();
        var compacted = (await Task.WhenAll(compactions)).Sum();
        await Compactor(Database.DataSource).CompactAsync(Ct);

        Assert.True(compacted > 0, "No compaction round ran while the nodes wrote.");
        AssertSame(Expected(records), whileCompacting);
        Assert.Equal(0L, await DeltasAsync());
        AssertSame(Expected(records), await ReadAllAsync(Store(Database.DataSource), Tenant));
    }

    [Fact]
    public async Task Rebuilds_while_two_nodes_write_and_compact_count_every_request_exactly_once()
    {
        var earlier = Traffic(Tenant, 1_000, seed: 9, Hour, TimeSpan.FromHours(2));
        var records = Traffic(Tenant, 4_000, seed: 10, Hour, TimeSpan.FromHours(2));
        await Store(Database.DataSource).WriteAsync(earlier, Ct);
        await using var secondNode = Database.CreateDataSource();
        var nodes = new[] { Database.DataSource, secondNode };
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var compactions = nodes.Select(node => Task.Run(() => CompactUntilCancelledAsync(Compactor(node), writing.Token), Ct)).ToArray();
        var batches = records.Chunk(100).ToArray();
        var writes = Task.WhenAll(nodes.Select((node, n) => Task.Run(
            async () =>
            {
                var store = Store(node);
                for (var b = n; b < batches.Length; b += 2)
                {
                    await store.WriteAsync(batches[b], Ct);
                }
            },
            Ct)));
        var rebuilds = 0;
        do
        {
            await Store(secondNode).RebuildAsync(rebuilds % 2 == 0 ? Tenant : null, Hour, Hour.AddHours(1), Ct);
            rebuilds++;
        }
        while (!writes.IsCompleted || rebuilds < 3);

        await writes;
        await writing.CancelAsync();
        await Task.WhenAll(compactions);

        AssertSame(Expected([.. earlier, .. records]), await ReadAllAsync(Store(Database.DataSource), Tenant));
        await Compactor(Database.DataSource).CompactAsync(Ct);
        AssertSame(Expected([.. earlier, .. records]), await ReadAllAsync(Store(Database.DataSource), Tenant));
    }

    [Fact]
    public async Task A_rebuild_waits_for_the_compaction_lock_and_holds_it_until_done()
    {
        var store = Store(Database.DataSource);
        var records = Traffic(Tenant, 200, seed: 11, Hour, TimeSpan.FromMinutes(30));
        await store.WriteAsync(records, Ct);
        await using var otherNode = Database.CreateDataSource();
        await using var holder = await otherNode.OpenConnectionAsync(Ct);
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PostgresRollupCompactor.LockKey})");

        var rebuild = store.RebuildAsync(Tenant, Hour, Hour.AddHours(1), Ct);
        await Task.Delay(300, Ct);
        Assert.False(rebuild.IsCompleted, "The rebuild did not wait for the compaction lock.");
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresRollupCompactor.LockKey})");
        var result = await rebuild;

        Assert.Equal(200, result.Requests);
        Assert.Equal(0L, await DeltasAsync());
        AssertSame(Expected(records), await ReadAllAsync(store, Tenant));
        Assert.True(await TryLockAsync(holder), "The rebuild did not release the compaction lock.");
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresRollupCompactor.LockKey})");
    }

    [Fact]
    public async Task A_batch_committed_in_the_middle_of_a_rebuilt_day_is_counted_once()
    {
        var store = Store(Database.DataSource);
        var before = Traffic(Tenant, 300, seed: 16, Hour, TimeSpan.FromHours(1));
        var during = Traffic(Tenant, 300, seed: 17, Hour, TimeSpan.FromHours(1));
        await store.WriteAsync(before, Ct);
        await Compactor(Database.DataSource).CompactAsync(Ct);

        // A row lock stops the rebuild after its first statement (the one that takes its snapshot and deletes the
        // deltas), so the batch commits between that statement and the read of the raw rows.
        await using var otherNode = Database.CreateDataSource();
        await using var blocker = await otherNode.OpenConnectionAsync(Ct);
        await using var blocking = await blocker.BeginTransactionAsync(Ct);
        await ExecuteAsync(blocker, "SELECT 1 FROM request_rollups FOR UPDATE");
        var rebuild = Task.Run(() => store.RebuildAsync(Tenant, Hour, Hour.AddHours(1), Ct), Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await Database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM request_rollups %')"))
        {
            Assert.True(DateTime.UtcNow < deadline, "The rebuild never waited for the locked rollup row.");
            await Task.Delay(20, Ct);
        }

        await store.WriteAsync(during, Ct);
        await blocking.RollbackAsync(Ct);
        var result = await rebuild;

        Assert.Equal(before.Length, result.Requests);
        AssertSame(Expected([.. before, .. during]), await ReadAllAsync(store, Tenant));
        await Compactor(Database.DataSource).CompactAsync(Ct);
        AssertSame(Expected([.. before, .. during]), await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task A_rebuild_of_every_tenant_includes_tenants_left_with_rollups_but_no_raw_rows()
    {
        var store = Store(Database.DataSource);
        var kept = Traffic(Tenant, 100, seed: 12, Hour, TimeSpan.FromMinutes(30));
        await store.WriteAsync([.. kept, .. Traffic("tenant-b", 100, seed: 13, Hour, TimeSpan.FromMinutes(30))], Ct);
        await Compactor(Database.DataSource).CompactAsync(Ct);
        await Database.ExecuteAsync("DELETE FROM requests WHERE tenant_id = 'tenant-b'");

        var result = await store.RebuildAsync(null, Hour, Hour.AddMinutes(1), Ct);

        Assert.Equal(100, result.Requests);
        Assert.Empty(await ReadAllAsync(store, "tenant-b"));
        AssertSame(Expected(kept), await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task Rebuilds_replace_the_tenants_deltas_of_the_day_too()
    {
        var store = Store(Database.DataSource);
        var records = Traffic(Tenant, 300, seed: 14, Hour, TimeSpan.FromHours(3));
        await store.WriteAsync(records, Ct);
        await Database.ExecuteAsync("UPDATE request_rollup_deltas SET count = count + 1000");

        await store.RebuildAsync(Tenant, Hour, Hour.AddHours(1), Ct);

        Assert.Equal(0L, await DeltasAsync());
        AssertSame(Expected(records), await ReadAllAsync(store, Tenant));
    }

    [Fact]
    public async Task A_failing_round_is_logged_once_per_outage_and_compaction_carries_on_when_it_works_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new ListLogger<PostgresRollupCompactor>();
        var compactor = new PostgresRollupCompactor(
            Database.DataSource, Options.Create(new PostgresStoreOptions { RollupCompactionInterval = TimeSpan.FromSeconds(1) }), clock, logger);
        var store = Store(Database.DataSource);
        var records = Traffic(Tenant, 200, seed: 15, Hour, TimeSpan.FromMinutes(30));
        await store.WriteAsync(records, Ct);
        await Database.ExecuteAsync("ALTER TABLE request_rollups RENAME TO request_rollups_away");

        await compactor.StartAsync(Ct);
        try
        {
            await TickUntilAsync(clock, () => Task.FromResult(logger.Entries.Any(e => e.Level == LogLevel.Warning)));
            for (var i = 0; i < 5; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(50, Ct);
            }

            Assert.True(await DeltasAsync() > 0, "A failed round lost deltas.");
            await Database.ExecuteAsync("ALTER TABLE request_rollups_away RENAME TO request_rollups");
            await TickUntilAsync(clock, async () => await DeltasAsync() == 0 && logger.Entries.Any(e => e.Level == LogLevel.Information));
        }
        finally
        {
            await compactor.StopAsync(Ct);
        }

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("request_rollups", warning.Exception?.Message, StringComparison.Ordinal);
        Assert.Contains("works again", Assert.Single(logger.Entries, e => e.Level == LogLevel.Information).Message, StringComparison.Ordinal);
        AssertSame(Expected(records), await ReadAllAsync(store, Tenant));
    }

    /// <summary>Runs rounds back to back until cancelled; returns the deltas folded.</summary>
    // Rounds run to the end once begun (only the loop watches the token), so the rows a round folded while the nodes
    // wrote are counted even when the stop comes in the middle of it.
    private static async Task<long> CompactUntilCancelledAsync(PostgresRollupCompactor compactor, CancellationToken cancellationToken)
    {
        long folded = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            folded += await compactor.CompactAsync(TestContext.Current.CancellationToken) ?? 0;
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        return folded;
    }

    /// <summary>
    /// Moves the clock on by a second per poll until <paramref name="done"/>: the service creates its timer on its own
    /// thread, maybe after an advance, so a timer created late still comes due.
    /// </summary>
    private static async Task TickUntilAsync(FakeTimeProvider clock, Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "The compactor did not get there in time.");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50, Ct);
        }
    }

    private Task<long> DeltasAsync() => Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_rollup_deltas");

    private async Task<int> RollupRowsAsync() => (int)await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_rollups");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresRollupCompactor.LockKey})", connection);
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }
}

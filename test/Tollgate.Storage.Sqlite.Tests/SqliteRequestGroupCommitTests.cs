using Microsoft.Data.Sqlite;
using Tollgate.Core.Analytics;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// Concurrent batches share transactions in the request writer (group commit). Whatever the grouping, every batch is
/// stored and counted exactly once, and a batch the database refuses fails alone.
/// </summary>
public sealed class SqliteRequestGroupCommitTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Day = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory directory = new("sqlite-group-commit-");
    private readonly RequestRecordFactory requests = new();

    private string DatabasePath => directory.Combine("data", "tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_batches_are_all_stored_and_counted_once()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var batches = Enumerable.Range(0, 40).Select(b => requests.Many(b % 2 == 0 ? "tenant-a" : "tenant-b", 250)).ToArray();

        await Task.WhenAll(batches.Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct)));
        await Task.WhenAll(batches.Take(5).Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct)));

        Assert.Equal(10_000L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            var day = Assert.Single(await store.ReadAsync(tenant, new RollupQuery(RollupKind.Consumer, RollupWidth.Day, Day, Day.AddDays(1)), Ct));
            Assert.Equal(5_000, day.Cell.Count);
        }
    }

    [Fact]
    public async Task A_batch_the_database_refuses_fails_alone_when_it_shares_a_group()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([requests.Next("tenant-bad")], Ct);

        // Every later batch of tenant-bad touches this hour row, and its sketch no longer decodes.
        SqliteTestStore.Execute(DatabasePath, "UPDATE request_rollups SET sketch = x'ff' WHERE tenant_id = 'tenant-bad' AND width = 3600");
        var good = Enumerable.Range(0, 30).Select(_ => requests.Many("tenant-good", 200)).ToArray();
        var bad = requests.Many("tenant-bad", 200);

        var writes = good.Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct)).ToList();
        var refused = Task.Run(() => store.WriteAsync(bad, Ct), Ct);
        writes.AddRange(good.Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct)));

        await Assert.ThrowsAsync<SqliteException>(() => refused);
        await Task.WhenAll(writes);
        Assert.Equal(6_000L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests WHERE tenant_id = 'tenant-good'"));
        Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests WHERE tenant_id = 'tenant-bad'"));
        var day = Assert.Single(await store.ReadAsync("tenant-good", new RollupQuery(RollupKind.Endpoint, RollupWidth.Day, Day, Day.AddDays(1)), Ct));
        Assert.Equal(6_000, day.Cell.Count);
    }

    public ValueTask DisposeAsync() => directory.DisposeAsync();
}

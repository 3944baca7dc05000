using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing.Logging;
using static Tollgate.Storage.Postgres.Tests.RollupTestData;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>Rollup retention in the partition maintenance run, under a controlled clock: minute rows after 7 days, hour and day rows after 400.</summary>
public sealed class PostgresRollupRetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MinuteCutoff = Now.AddDays(-7);
    private static readonly DateTimeOffset LongerCutoff = Now.AddDays(-400);
    private static readonly string[] Tenants = ["tenant-a", "tenant-b"];

    private readonly FakeTimeProvider clock = new(Now);
    private readonly ListLogger<PostgresPartitionMaintenance> logger = new();
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
    public async Task Maintenance_deletes_minute_rows_after_the_minute_retention_and_hour_and_day_rows_after_the_hour_retention_in_chunks()
    {
        var store = Store(Database.DataSource);
        var records = Tenants.SelectMany((tenant, t) => (RequestRecord[])
        [
            .. Traffic(tenant, 150, seed: 20 + t, MinuteCutoff.AddMinutes(-30), TimeSpan.FromHours(1)),
            .. Traffic(tenant, 150, seed: 30 + t, LongerCutoff.AddDays(-2), TimeSpan.FromDays(4)),
            .. Traffic(tenant, 50, seed: 40 + t, Now.AddHours(-3), TimeSpan.FromHours(2)),
        ]).ToArray();
        await store.WriteAsync(records, Ct);
        await Compactor(Database.DataSource).CompactAsync(Ct);
        var before = await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_rollups");

        await Maintenance(chunkSize: 3).RunOnceAsync(Ct);

        var kept = Expected(records)
            .Where(c => c.Key.Bucket >= (c.Key.Width is RollupWidth.Minute or RollupWidth.FiveMinutes ? MinuteCutoff : LongerCutoff))
            .ToDictionary();
        foreach (var tenant in Tenants)
        {
            AssertSame(
                kept.Where(c => c.Key.TenantId == tenant).ToDictionary(),
                await ReadAllAsync(store, tenant, LongerCutoff.AddDays(-10), Now.AddDays(1)));
        }

        Assert.True(kept.Keys.Any(k => k.Width == RollupWidth.Minute && k.Bucket < Now.AddDays(-6)), "No minute row was kept near the cutoff.");
        Assert.True(kept.Keys.Any(k => k.Width == RollupWidth.Hour && k.Bucket < MinuteCutoff), "No hour row was kept past the minute cutoff.");
        var deleted = Assert.Single(logger.Entries, e => e.EventId == 7);
        Assert.Equal(LogLevel.Information, deleted.Level);
        Assert.True(before > kept.Count);
        Assert.Equal(kept.Count, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_rollups"));
    }

    [Fact]
    public async Task Configured_retentions_apply_and_deltas_are_left_to_compaction_before_retention_deletes_their_rows()
    {
        var store = Store(Database.DataSource);
        var records = Traffic("tenant-a", 100, seed: 50, Now.AddDays(-3), TimeSpan.FromHours(1));
        await store.WriteAsync(records, Ct);
        var deltas = await CountAsync("request_rollup_deltas");
        var maintenance = Maintenance(chunkSize: 10_000, minuteDays: 2, hourDays: 5);

        await maintenance.RunOnceAsync(Ct);
        var deltasAfterFirstRun = await CountAsync("request_rollup_deltas");
        await Compactor(Database.DataSource).CompactAsync(Ct);
        await maintenance.RunOnceAsync(Ct);

        Assert.True(deltas > 0);
        Assert.Equal(deltas, deltasAfterFirstRun);
        var expected = Expected(records).Keys;
        Assert.Equal(0L, await CountAsync("request_rollups WHERE width IN (60, 300)"));
        Assert.Equal(expected.Count(k => k.Width == RollupWidth.Hour), await CountAsync("request_rollups WHERE width = 3600"));
        Assert.Equal(expected.Count(k => k.Width == RollupWidth.Day), await CountAsync("request_rollups WHERE width = 86400"));
    }

    private Task<long> CountAsync(string from) => Database.ScalarAsync<long>("SELECT COUNT(*) FROM " + from);

    private PostgresPartitionMaintenance Maintenance(int chunkSize, int minuteDays = 7, int hourDays = 400) => new(
        Database.DataSource,
        Options.Create(new PostgresStoreOptions { RetentionChunkSize = chunkSize }),
        clock,
        logger,
        Options.Create(new RollupOptions { MinuteRetentionDays = minuteDays, HourRetentionDays = hourDays }));
}

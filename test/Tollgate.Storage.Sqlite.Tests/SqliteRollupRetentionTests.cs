using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing;
using Tollgate.Testing.Logging;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// Rollup retention on real database files: which rows a run deletes at each width and which it keeps, chunking and
/// writes between chunks, the schedule under a controlled clock (with request retention off), failures that must not
/// stop the host, and the query plans it relies on.
/// </summary>
public sealed class SqliteRollupRetentionTests : IAsyncDisposable
{
    private const string Tenant = "tenant-a";
    private const string OtherTenant = "tenant-b";
    private const int DeletedEvent = 12;
    private const int FailedEvent = 13;

    private static readonly DateTimeOffset Now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MinuteCutoff = Now.AddDays(-7);
    private static readonly DateTimeOffset HourCutoff = Now.AddDays(-400);
    private static readonly TimeSpan BoundedWait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory directory = new("sqlite-rollup-retention-");
    private readonly RequestRecordFactory requests = new();
    private readonly ListLogger<SqliteRollupRetention> logger = new();

    private string DatabasePath => directory.Combine("data", "tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task Minute_rows_older_than_the_minute_retention_and_hour_and_day_rows_older_than_the_hour_retention_are_deleted()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);

        // Each request makes an endpoint and a consumer row per minute, a service row per five minutes, and a row of each
        // kind per hour and day; the comments count the rows that expire ("minutes" are minute and five-minute rows).
        await store.WriteAsync(
            [
                At(requests.Next(Tenant), HourCutoff.AddDays(-1)), // minutes 3, hours 3, days 3
                At(requests.Next(Tenant), HourCutoff), // minutes 3, days 3 (the day started before the cut-off); its hour is kept
                At(requests.Next(Tenant), Now.AddDays(-8)), // minutes 3
                At(requests.Next(Tenant), MinuteCutoff.AddTicks(-10)), // minutes 3
                At(requests.Next(Tenant), MinuteCutoff), // none: its minute and five minutes start at the cut-off
                At(requests.Next(Tenant), Now.AddDays(-1)), // none
                At(requests.Next(OtherTenant), Now.AddDays(-10)), // minutes 3
            ],
            Ct);

        var (minutes, hours) = await Retention(new FakeTimeProvider(Now)).RunOnceAsync(Ct);

        Assert.Equal((15L, 9L), (minutes, hours));
        Assert.Equal(0L, Count("width IN (60, 300) AND bucket < $cutoff", MinuteCutoff));
        Assert.Equal(0L, Count("width > 300 AND bucket < $cutoff", HourCutoff));
        Assert.Equal((4L, 2L), (Count("width = 60", MinuteCutoff), Count("width = 300", MinuteCutoff)));
        Assert.Equal(3L, Count("width = 3600 AND bucket = $cutoff", HourCutoff));
        Assert.Equal(6L, Count("tenant_id = 'tenant-b'", Now));
        var line = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Information, DeletedEvent), (line.Level, line.EventId));
        Assert.Contains("15 minute row(s)", line.Message, StringComparison.Ordinal);
        Assert.Contains("9 hour and day row(s)", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_retention_periods_come_from_the_analytics_options()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([At(requests.Next(Tenant), Now.AddDays(-3)), At(requests.Next(Tenant), Now.AddDays(-20))], Ct);

        var (minutes, hours) = await Retention(new FakeTimeProvider(Now), rollups: o => (o.MinuteRetentionDays, o.HourRetentionDays) = (2, 10)).RunOnceAsync(Ct);

        Assert.Equal((6L, 6L), (minutes, hours));
        Assert.Equal(6L, Count("1 = 1", Now));
    }

    [Fact]
    public async Task A_run_that_finds_nothing_expired_deletes_nothing_and_logs_nothing()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([At(requests.Next(Tenant), Now.AddDays(-1)), At(requests.Next(OtherTenant), Now)], Ct);

        Assert.Equal((0L, 0L), await Retention(new FakeTimeProvider(Now)).RunOnceAsync(Ct));

        Assert.Equal(18L, Count("1 = 1", Now));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task Expired_rows_beyond_one_chunk_are_deleted_one_committed_chunk_at_a_time_while_writes_commit()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);

        // 30 minutes of one hour, 8 days back: 60 expired minute and 6 five-minute rows, 6 hour and day rows kept.
        await store.WriteAsync(requests.Many(Tenant, 30, (r, i) => At(r, Now.AddDays(-8).AddMinutes(i))), Ct);

        // Every reading of this clock moves it on, so each chunk seems to take a second and the run then waits a
        // second on this clock: it stays between chunks until the test advances it.
        var clock = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var run = Task.Run(() => Retention(clock, o => o.RetentionChunkSize = 25).RunOnceAsync(Ct), Ct);
        await WaitUntilAsync(() => Count("width = 60", Now) < 60, "the first chunk has committed");
        Assert.False(run.IsCompleted);
        Assert.Equal(35L, Count("width = 60", Now));

        await store.WriteAsync([At(requests.Next(Tenant), Now)], Ct);

        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => run.IsCompleted, "the run has finished");
        Assert.Equal((66L, 0L), await run);
        Assert.Equal((2L, 1L), (Count("width = 60", Now), Count("width = 300", Now)));
        Assert.Equal(12L, Count("width > 300", Now));
    }

    [Fact]
    public async Task A_failed_run_is_logged_as_a_warning_and_the_next_run_deletes_what_is_left()
    {
        // No database file yet: the job opens an existing file only, so its run fails.
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var clock = new FakeTimeProvider(Now);
        var retention = Retention(clock);
        await retention.StartAsync(Ct);
        try
        {
            await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), () => logger.Entries.Any(e => e.EventId == FailedEvent), "a run has failed");
            var warning = logger.Entries.First(e => e.EventId == FailedEvent);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.NotNull(warning.Exception);
            Assert.False(retention.ExecuteTask!.IsCompleted);

            await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
            await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
            {
                await store.WriteAsync([At(requests.Next(Tenant), Now.AddDays(-8))], Ct);
            }

            await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(10), () => Count("width IN (60, 300)", Now) == 0, "a later run has deleted the expired minute rows");
            Assert.Contains(logger.Entries, e => e.EventId == DeletedEvent && e.Message.Contains("3 minute row(s)", StringComparison.Ordinal));
        }
        finally
        {
            await retention.StopAsync(Ct);
        }

        Assert.True(retention.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_host_runs_rollup_retention_shortly_after_start_and_every_interval_even_with_request_retention_off()
    {
        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
        {
            await store.WriteAsync([At(requests.Next(Tenant), MinuteCutoff.AddMinutes(-1)), At(requests.Next(Tenant), MinuteCutoff.AddMinutes(30))], Ct);
        }

        var clock = new FakeTimeProvider(Now);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = DatabasePath,
            ["Storage:Sqlite:RequestRetentionDays"] = "0",
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLogging().AddTollgateSqliteStorage(builder.Configuration);
        using var host = builder.Build();

        // The clock stands still, so no run can have started: start-up does not wait for one.
        await host.StartAsync(Ct);
        try
        {
            Assert.Equal(4L, Count("width = 60", Now));

            await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), () => Count("width = 60", Now) == 2, "the first run has deleted the expired minute rows");
            Assert.True(clock.GetUtcNow() - Now >= SqliteRollupRetention.FirstRunDelay);

            await AdvanceUntilAsync(clock, TimeSpan.FromHours(1), () => Count("width = 60", Now) == 0, "a later run has deleted the minute rows that expired since");
            Assert.Equal(2L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
            Assert.Equal(9L, Count("width > 60", Now));
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Chunk_deletes_and_the_tenant_list_seek_the_primary_key_instead_of_scanning_rollups()
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        var plans = new[] { SqliteRollupRetention.TenantsSql, SqliteRollupRetention.DeleteMinutesSql, SqliteRollupRetention.DeleteHoursSql }
            .Select(QueryPlan)
            .ToList();

        foreach (var plan in plans)
        {
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN request_rollups", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }

        Assert.Contains("SEARCH request_rollups USING PRIMARY KEY (tenant_id>?)", plans[0]);
        foreach (var delete in plans.Skip(1))
        {
            Assert.Contains("SEARCH request_rollups USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket<?)", delete);
            Assert.Contains(
                "SEARCH request_rollups USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket=? AND service=? AND endpoint=? AND method=? AND status_class=? AND consumer=?)",
                delete);
        }
    }

    private static RequestRecord At(RequestRecord record, DateTimeOffset timestamp) =>
        record with { Id = Guid.CreateVersion7(timestamp), Timestamp = timestamp };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < BoundedWait, $"Gave up waiting until {what}.");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Moves the clock on by <paramref name="step"/> until <paramref name="condition"/> holds, giving the job time to react to each step.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, TimeSpan step, Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < BoundedWait, $"Gave up waiting until {what}.");
            clock.Advance(step);
            await Task.Delay(10, Ct);
        }
    }

    private SqliteRollupRetention Retention(TimeProvider clock, Action<SqliteStoreOptions>? configure = null, Action<RollupOptions>? rollups = null)
    {
        var options = new SqliteStoreOptions { Path = DatabasePath };
        configure?.Invoke(options);
        var rollupOptions = new RollupOptions();
        rollups?.Invoke(rollupOptions);
        return new SqliteRollupRetention(Options.Create(options), Options.Create(rollupOptions), clock, logger);
    }

    /// <summary>The rollup rows matching <paramref name="where"/>, in which <c>$cutoff</c> stands for <paramref name="cutoff"/>.</summary>
    private long Count(string where, DateTimeOffset cutoff) =>
        (long)SqliteTestStore.Scalar(DatabasePath, $"SELECT COUNT(*) FROM request_rollups WHERE {where}", ("$cutoff", SqliteTime.ToMicroseconds(cutoff)))!;

    private List<string> QueryPlan(string sql)
    {
        using var connection = SqliteTestStore.OpenRaw(DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$tenant", Tenant);
        command.Parameters.AddWithValue("$before", 0L);
        command.Parameters.AddWithValue("$chunk", 100);

        var steps = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Requests;
using Tollgate.Testing;
using Tollgate.Testing.Logging;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// Request retention on real database files: what a run deletes and keeps, chunking, writes between chunks, the
/// schedule under a controlled clock, failures that must not stop the host, and the query plans it relies on.
/// </summary>
public sealed class SqliteRequestRetentionTests : IAsyncDisposable
{
    private const string Tenant = "tenant-a";
    private const string OtherTenant = "tenant-b";
    private const int DeletedEvent = 10;
    private const int FailedEvent = 11;

    private static readonly DateTimeOffset Now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan BoundedWait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory directory = new("sqlite-retention-");
    private readonly RequestRecordFactory requests = new();
    private readonly ListLogger<SqliteRequestRetention> logger = new();

    private string DatabasePath => directory.Combine("data", "tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public async Task Requests_older_than_the_retention_are_deleted_with_their_details_and_newer_ones_kept()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var cutoff = Now.AddDays(-30);
        var expired = new[]
        {
            At(requests.Full(Tenant), Now.AddDays(-400)),
            At(requests.Next(Tenant), cutoff.AddTicks(-10)),
            At(requests.Full(OtherTenant), Now.AddDays(-31)),
        };
        var kept = new[]
        {
            At(requests.Full(Tenant), cutoff),
            At(requests.Next(OtherTenant), Now.AddDays(-29)),
            At(requests.Full(OtherTenant), Now),
        };
        await store.WriteAsync([.. expired, .. kept], Ct);

        var deleted = await Retention(new FakeTimeProvider(Now)).RunOnceAsync(Ct);

        Assert.Equal(3, deleted);
        foreach (var record in expired)
        {
            Assert.Null(await store.GetAsync(record.TenantId, record.Id, Ct));
        }

        foreach (var record in kept)
        {
            Assert.NotNull(await store.GetAsync(record.TenantId, record.Id, Ct));
        }

        Assert.Equal(3L, Count("requests"));
        Assert.Equal(2L, Count("request_details"));
        Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_details WHERE id NOT IN (SELECT id FROM requests)"));
        var line = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Information, DeletedEvent), (line.Level, line.EventId));
        Assert.Contains("3 request(s)", line.Message, StringComparison.Ordinal);
        Assert.Contains("2026", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_finds_nothing_expired_deletes_nothing_and_logs_nothing()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([At(requests.Full(Tenant), Now.AddDays(-1)), At(requests.Next(OtherTenant), Now)], Ct);

        Assert.Equal(0, await Retention(new FakeTimeProvider(Now)).RunOnceAsync(Ct));

        Assert.Equal(2L, Count("requests"));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task A_retention_of_zero_days_keeps_every_request_and_never_schedules_a_run()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([At(requests.Full(Tenant), Now.AddYears(-5)), At(requests.Next(Tenant), Now.AddDays(-31))], Ct);
        var clock = new FakeTimeProvider(Now);
        var retention = Retention(clock, o => o.RequestRetentionDays = 0);

        Assert.Equal(0, await retention.RunOnceAsync(Ct));
        await retention.StartAsync(Ct);
        await WaitUntilAsync(() => retention.ExecuteTask is { IsCompleted: true }, "the job, with nothing to do, has ended");
        await retention.StopAsync(Ct);

        Assert.True(retention.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(2L, Count("requests"));
        Assert.Equal(1L, Count("request_details"));
    }

    [Fact]
    public async Task Expired_requests_beyond_one_chunk_are_deleted_one_committed_chunk_at_a_time()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync(Expired(Tenant, 250, withDetail: true), Ct);
        var fresh = At(requests.Full(Tenant), Now.AddDays(-1));
        await store.WriteAsync([fresh], Ct);

        // Every reading of this clock moves it on, so each chunk seems to take a second and the run then waits a
        // second on this clock: it stays between chunks until the test advances it.
        var clock = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var run = Task.Run(() => Retention(clock, o => o.RetentionChunkSize = 100).RunOnceAsync(Ct), Ct);

        // Another connection sees the first chunk, requests and details together, committed while the rest waits.
        await WaitUntilAsync(() => Count("requests") < 251, "the first chunk has committed");
        Assert.False(run.IsCompleted);
        Assert.Equal(151L, Count("requests"));
        Assert.Equal(151L, Count("request_details"));

        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => run.IsCompleted, "the run has finished");
        Assert.Equal(250, await run);
        Assert.NotNull(await store.GetAsync(Tenant, fresh.Id, Ct));
        Assert.Equal(1L, Count("requests"));
        Assert.Equal(1L, Count("request_details"));
        var line = Assert.Single(logger.Entries);
        Assert.Equal(DeletedEvent, line.EventId);
        Assert.Contains("250 request(s)", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_write_commits_while_a_large_deletion_is_between_chunks()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync(Expired(Tenant, 300, withDetail: false), Ct);
        var clock = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var run = Task.Run(() => Retention(clock, o => o.RetentionChunkSize = 100).RunOnceAsync(Ct), Ct);
        await WaitUntilAsync(() => Count("requests") < 300, "the first chunk has committed");

        var written = At(requests.Full(Tenant), Now);
        await store.WriteAsync([written], Ct);

        Assert.False(run.IsCompleted);
        Assert.Equal(201L, Count("requests"));
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => run.IsCompleted, "the run has finished");
        Assert.Equal(300, await run);
        Assert.NotNull(await store.GetAsync(Tenant, written.Id, Ct));
        Assert.Equal(1L, Count("requests"));
    }

    [Fact]
    public async Task Concurrent_request_writes_all_commit_while_retention_deletes()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var now = DateTimeOffset.UtcNow;
        await store.WriteAsync(requests.Many(Tenant, 5_000, (r, i) => At(r, now.AddDays(-40).AddTicks(i * 10))), Ct);
        var batches = Enumerable.Range(0, 20).Select(_ => requests.Many(Tenant, 50, (r, _) => At(r, now))).ToList();

        var run = Task.Run(() => Retention(TimeProvider.System, o => o.RetentionChunkSize = 100).RunOnceAsync(Ct), Ct);
        await Task.WhenAll(batches.Select(b => Task.Run(() => store.WriteAsync(b, Ct), Ct)));

        Assert.Equal(5_000, await run);
        Assert.Equal(1_000L, Count("requests"));
        foreach (var batch in batches)
        {
            Assert.NotNull(await store.GetAsync(Tenant, batch[^1].Id, Ct));
        }
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
                await store.WriteAsync([.. Expired(Tenant, 3, withDetail: true), At(requests.Next(Tenant), Now)], Ct);
            }

            await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(10), () => Count("requests") == 1, "a later run has deleted the expired requests");
            Assert.Equal(0L, Count("request_details"));
            Assert.Contains(logger.Entries, e => e.EventId == DeletedEvent && e.Message.Contains("3 request(s)", StringComparison.Ordinal));
        }
        finally
        {
            await retention.StopAsync(Ct);
        }

        Assert.True(retention.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_host_starts_without_waiting_for_retention_then_runs_it_shortly_after_and_every_interval()
    {
        var early = At(requests.Full(Tenant), Now.AddDays(-31));
        var later = At(requests.Full(Tenant), Now.AddDays(-29));
        var fresh = At(requests.Next(Tenant), Now);
        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
        {
            await store.WriteAsync([early, later, fresh], Ct);
        }

        var clock = new FakeTimeProvider(Now);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = DatabasePath });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLogging().AddTollgateSqliteStorage(builder.Configuration);
        using var host = builder.Build();

        // The clock stands still, so no run can have started: start-up does not wait for one.
        await host.StartAsync(Ct);
        try
        {
            Assert.Equal(3L, Count("requests"));

            await AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), () => Count("requests") == 2, "the first run has deleted the expired request");
            Assert.True(clock.GetUtcNow() - Now >= SqliteRequestRetention.FirstRunDelay);
            Assert.Equal(1L, Count("request_details"));

            await AdvanceUntilAsync(clock, TimeSpan.FromHours(1), () => Count("requests") == 1, "a later run has deleted the request that expired since");
            var store = host.Services.GetRequiredService<IRequestStore>();
            Assert.NotNull(await store.GetAsync(Tenant, fresh.Id, Ct));
            Assert.Null(await store.GetAsync(Tenant, later.Id, Ct));
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Chunk_deletes_and_the_tenant_list_seek_the_time_index_instead_of_scanning_requests()
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        var plans = new[] { SqliteRequestRetention.TenantsSql, SqliteRequestRetention.DeleteDetailsSql, SqliteRequestRetention.DeleteRequestsSql }
            .Select(QueryPlan)
            .ToList();

        foreach (var plan in plans)
        {
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN request", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }

        Assert.Contains("SEARCH requests USING COVERING INDEX ix_requests_tenant_time (tenant_id>?)", plans[0]);
        Assert.Contains("SEARCH requests USING COVERING INDEX ix_requests_tenant_time (tenant_id=? AND timestamp<?)", plans[1]);
        Assert.Contains(plans[1], step => step.StartsWith("SEARCH request_details USING", StringComparison.Ordinal) && step.EndsWith("(id=?)", StringComparison.Ordinal));
        Assert.Contains("SEARCH requests USING COVERING INDEX ix_requests_tenant_time (tenant_id=? AND timestamp<?)", plans[2]);
        Assert.Contains("SEARCH requests USING INTEGER PRIMARY KEY (rowid=?)", plans[2]);
    }

    [Theory]
    [InlineData("Storage:Sqlite:RequestRetentionDays", "-1")]
    [InlineData("Storage:Sqlite:RequestRetentionDays", "3651")]
    [InlineData("Storage:Sqlite:RequestRetentionInterval", "00:00:59")]
    [InlineData("Storage:Sqlite:RequestRetentionInterval", "1.00:00:01")]
    public void Out_of_range_retention_settings_fail_start_up_naming_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddLogging().AddTollgateSqliteStorage(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
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

    private IReadOnlyList<RequestRecord> Expired(string tenantId, int count, bool withDetail) =>
        [.. Enumerable.Range(0, count).Select(i => At(withDetail ? requests.Full(tenantId) : requests.Next(tenantId), Now.AddDays(-31).AddTicks(i * 10)))];

    private SqliteRequestRetention Retention(TimeProvider clock, Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { Path = DatabasePath };
        configure?.Invoke(options);
        return new SqliteRequestRetention(Options.Create(options), clock, logger);
    }

    private long Count(string table) => (long)SqliteTestStore.Scalar(DatabasePath, $"SELECT COUNT(*) FROM {table}")!;

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

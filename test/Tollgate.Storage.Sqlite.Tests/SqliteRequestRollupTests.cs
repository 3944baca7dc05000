using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Storage.Sqlite.Tests;

/// <summary>
/// What the embedded store does with rollups beyond the contract: the SQL merge function, the upsert inside the batch's
/// transaction, rollups turned off, the upgrade of a file from before rollups, wiring, and the query plans reads and
/// rebuilds rely on.
/// </summary>
public sealed class SqliteRequestRollupTests : IAsyncDisposable
{
    private const string Tenant = "tenant-a";
    private const string OtherTenant = "tenant-b";

    private static readonly DateTimeOffset Day = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory directory = new("sqlite-rollups-");
    private readonly RequestRecordFactory requests = new();

    private string DatabasePath => directory.Combine("data", "tollgate.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => directory.DisposeAsync();

    [Fact]
    public void The_merge_function_gives_the_encoding_of_both_sketches_merged()
    {
        var first = Sketch(0, 1, 250, 250, 9_000);
        var second = Sketch(3, 250, 86_400_000_000);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteRollupWriter.RegisterMergeFunction(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRollupWriter.MergeFunction}($a, $b)";
        command.Parameters.AddWithValue("$a", first.ToArray());
        command.Parameters.AddWithValue("$b", second.ToArray());

        var merged = (byte[])command.ExecuteScalar()!;

        first.Merge(second);
        Assert.Equal(first.ToArray(), merged);
        Assert.Equal(8, LatencySketch.Decode(merged).Count);
    }

    [Fact]
    public void The_merge_all_aggregate_gives_each_group_the_encoding_of_its_sketches_merged()
    {
        var a1 = Sketch(0, 1, 250);
        var a2 = Sketch(250, 9_000);
        var b = Sketch(86_400_000_000);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteRollupWriter.RegisterMergeAllFunction(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT g, {SqliteRollupWriter.MergeAllFunction}(s) FROM (SELECT 'a' AS g, $a1 AS s UNION ALL SELECT 'b', $b UNION ALL SELECT 'a', $a2)
            GROUP BY g ORDER BY g
            """;
        command.Parameters.AddWithValue("$a1", a1.ToArray());
        command.Parameters.AddWithValue("$a2", a2.ToArray());
        command.Parameters.AddWithValue("$b", b.ToArray());

        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var mergedA = reader.GetFieldValue<byte[]>(1);
        Assert.True(reader.Read());
        var mergedB = reader.GetFieldValue<byte[]>(1);

        a1.Merge(a2);
        Assert.Equal(a1.ToArray(), mergedA);
        Assert.Equal(b.ToArray(), mergedB);
        Assert.False(reader.Read());
    }

    [Fact]
    public void The_merge_all_aggregate_refuses_a_damaged_sketch_with_an_error_not_a_crash()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteRollupWriter.RegisterMergeAllFunction(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRollupWriter.MergeAllFunction}(s) FROM (SELECT $good AS s UNION ALL SELECT $damaged)";
        command.Parameters.AddWithValue("$good", Sketch(5).ToArray());
        command.Parameters.AddWithValue("$damaged", new byte[] { 1, 0, 9, 200 });

        var error = Assert.Throws<SqliteException>(() => command.ExecuteScalar());

        Assert.Contains("latency sketch", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_merge_function_is_registered_as_deterministic()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        SqliteRollupWriter.RegisterMergeFunction(connection);
        using var command = connection.CreateCommand();

        // SQLITE_DETERMINISTIC is 0x800 in pragma_function_list's flags.
        command.CommandText = "SELECT flags & 0x800 FROM pragma_function_list WHERE name = $name AND narg = 2";
        command.Parameters.AddWithValue("$name", SqliteRollupWriter.MergeFunction);

        Assert.Equal(0x800L, command.ExecuteScalar());
    }

    [Fact]
    public async Task Each_cell_is_one_row_and_a_later_batch_merges_into_it()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var start = Day.AddHours(10);

        await store.WriteAsync([At(requests.Next(Tenant), start, 1_000), At(requests.Next(Tenant), start.AddSeconds(1), 3_000)], Ct);
        await store.WriteAsync([At(requests.Next(Tenant), start.AddSeconds(2), 500)], Ct);

        // An endpoint and a consumer row per minute, a service row per five minutes, and one of each kind per hour and day.
        Assert.Equal(9L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_rollups"));
        var minute = SqliteTestStore.Scalar(
            DatabasePath,
            "SELECT count || ' ' || duration_sum_us || ' ' || duration_min_us || ' ' || duration_max_us FROM request_rollups WHERE kind = 0 AND width = 60");
        Assert.Equal("3 4500 500 3000", minute);
        var row = Assert.Single(await store.ReadAsync(Tenant, new RollupQuery(RollupKind.Endpoint, RollupWidth.Minute, start, start.AddMinutes(1), IncludeSketches: true), Ct));
        Assert.Equal(3, row.Cell.Sketch!.Count);
    }

    [Fact]
    public async Task Rollups_are_written_in_the_batchs_transaction_so_a_rejected_batch_leaves_none()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        SqliteTestStore.Execute(DatabasePath, "CREATE TRIGGER reject_boom BEFORE INSERT ON requests WHEN NEW.path = '/boom' BEGIN SELECT RAISE(ABORT, 'boom'); END");

        await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync([requests.Next(Tenant), requests.Next(Tenant) with { Path = "/boom" }], Ct));
        Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_rollups"));

        await store.WriteAsync([requests.Next(Tenant)], Ct);
        Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT count FROM request_rollups WHERE kind = 1 AND width = 86400"));
    }

    [Fact]
    public async Task A_damaged_stored_sketch_fails_the_batch_whole_and_a_rebuild_repairs_the_day()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        var first = requests.Next(Tenant);
        await store.WriteAsync([first], Ct);
        SqliteTestStore.Execute(DatabasePath, "UPDATE request_rollups SET sketch = x'ff', count = 99 WHERE kind = 0 AND width = 3600");
        var second = requests.Next(Tenant);

        await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync([second], Ct));
        Assert.Null(await store.GetAsync(Tenant, second.Id, Ct));

        var result = await store.RebuildAsync(Tenant, first.Timestamp, first.Timestamp.AddTicks(10), Ct);
        await store.WriteAsync([second], Ct);

        Assert.Equal((Day, Day.AddDays(1), 1L, 9L), (result.From, result.To, result.Requests, result.Rows));
        var hour = Assert.Single(await store.ReadAsync(Tenant, new RollupQuery(RollupKind.Endpoint, RollupWidth.Hour, Day, Day.AddDays(1), IncludeSketches: true), Ct));
        Assert.Equal((2L, 2L), (hour.Cell.Count, hour.Cell.Sketch!.Count));
    }

    [Fact]
    public async Task With_rollups_off_requests_are_stored_without_rollups_and_a_rebuild_computes_them()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath, rollups: o => o.Rollups = false);
        var batch = requests.Many(Tenant, 20);

        await store.WriteAsync(batch, Ct);

        Assert.Equal(20L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
        Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_rollups"));

        var result = await store.RebuildAsync(null, Day, Day.AddDays(1), Ct);

        Assert.Equal(20, result.Requests);
        var rows = await store.ReadAsync(Tenant, new RollupQuery(RollupKind.Consumer, RollupWidth.Day, Day, Day.AddDays(1)), Ct);
        Assert.Equal(20, Assert.Single(rows).Cell.Count);
    }

    [Fact]
    public async Task A_database_from_before_rollups_is_upgraded_keeping_its_requests_and_a_rebuild_rolls_them_up()
    {
        var old = requests.Many(Tenant, 30, (r, i) => r with { Status = i % 10 == 0 ? 503 : 200 });
        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath, rollups: o => o.Rollups = false))
        {
            await store.WriteAsync(old, Ct);
        }

        // Back to the schema a 0003-era build left: no rollup table, version 3.
        SqliteTestStore.Execute(DatabasePath, "DROP TABLE request_rollups");
        SqliteTestStore.Execute(DatabasePath, "DELETE FROM schema_migrations WHERE version = 4");
        Assert.Equal(3L, SqliteTestStore.Scalar(DatabasePath, "SELECT MAX(version) FROM schema_migrations"));

        await using (var audit = await SqliteTestStore.OpenAsync(DatabasePath))
        await using (var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath))
        {
            Assert.Equal("request_rollups", SqliteTestStore.Scalar(DatabasePath, "SELECT name FROM schema_migrations WHERE version = 4"));
            Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'request_rollups' AND sql LIKE '%WITHOUT ROWID%'"));
            Assert.Equal(30L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
            Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_rollups"));

            var fresh = requests.Next(Tenant);
            await store.WriteAsync([fresh], Ct);
            var result = await store.RebuildAsync(null, old[0].Timestamp, fresh.Timestamp.AddTicks(10), Ct);

            Assert.Equal(31, result.Requests);
            var day = Assert.Single(await store.ReadAsync(Tenant, new RollupQuery(RollupKind.Consumer, RollupWidth.Day, Day, Day.AddDays(1)), Ct));
            Assert.Equal((31L, 3L, 3L), (day.Cell.Count, day.Cell.Errors, day.Cell.ServerErrors));
        }
    }

    [Fact]
    public async Task A_rebuild_of_every_tenant_includes_one_whose_raw_requests_are_gone()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);
        await store.WriteAsync([requests.Next(Tenant), requests.Next(OtherTenant)], Ct);
        SqliteTestStore.Execute(DatabasePath, "DELETE FROM requests WHERE tenant_id = $tenant", ("$tenant", OtherTenant));

        var result = await store.RebuildAsync(null, Day, Day.AddDays(1), Ct);

        Assert.Equal((1L, 9L), (result.Requests, result.Rows));
        Assert.Empty(await store.ReadAsync(OtherTenant, new RollupQuery(RollupKind.Endpoint, RollupWidth.Day, Day, Day.AddDays(1)), Ct));
        Assert.Single(await store.ReadAsync(Tenant, new RollupQuery(RollupKind.Endpoint, RollupWidth.Day, Day, Day.AddDays(1)), Ct));
    }

    [Fact]
    public async Task A_rebuild_whose_end_is_not_after_its_start_is_refused()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        await using var store = await SqliteRequestStoreFactory.OpenAsync(DatabasePath);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RebuildAsync(Tenant, Day, Day, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RebuildAsync(Tenant, Day, Day.AddTicks(-10), Ct));
    }

    [Fact]
    public async Task Rebuilds_before_initialising_or_after_disposing_are_refused()
    {
        await using var audit = await SqliteTestStore.OpenAsync(DatabasePath);
        var store = new SqliteRequestStore(Options.Create(new SqliteStoreOptions { Path = DatabasePath }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RebuildAsync(Tenant, Day, Day.AddDays(1), Ct));
        await store.InitializeAsync(Ct);
        await store.DisposeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RebuildAsync(Tenant, Day, Day.AddDays(1), Ct));
    }

    [Fact]
    public async Task The_host_registers_the_request_store_as_the_rollup_store_and_binds_the_analytics_section()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = DatabasePath,
            ["Analytics:Rollups"] = "false",
        });
        builder.Services.AddLogging().AddTollgateSqliteStorage(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(Ct);
        try
        {
            var store = host.Services.GetRequiredService<IRequestStore>();
            Assert.Same(store, host.Services.GetRequiredService<IRequestRollupStore>());
            await store.WriteAsync([requests.Next(Tenant)], Ct);

            Assert.Equal(1L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM requests"));
            Assert.Equal(0L, SqliteTestStore.Scalar(DatabasePath, "SELECT COUNT(*) FROM request_rollups"));
        }
        finally
        {
            await host.StopAsync(Ct);
        }
    }

    [Theory]
    [InlineData("Analytics:MinuteRetentionDays", "0")]
    [InlineData("Analytics:MinuteRetentionDays", "3661")]
    [InlineData("Analytics:HourRetentionDays", "0")]
    [InlineData("Analytics:HourRetentionDays", "36601")]
    public void Out_of_range_rollup_settings_fail_start_up_naming_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddLogging().AddTollgateSqliteStorage(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RollupOptions>>().Value);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_seek_one_range_of_the_primary_key_with_or_without_a_service()
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        foreach (var service in new[] { null, "orders-api" })
        {
            var plan = ReadPlan(new RollupQuery(RollupKind.Endpoint, RollupWidth.Minute, Day, Day.AddDays(1), service, IncludeSketches: true));

            Assert.Equal(["SEARCH request_rollups USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket>? AND bucket<?)"], plan);
        }
    }

    [Theory]
    [InlineData(RollupKind.Service, RollupWidth.FiveMinutes, RollupDimensions.Service)]
    [InlineData(RollupKind.Service, RollupWidth.Hour, RollupDimensions.None)]
    [InlineData(RollupKind.Endpoint, RollupWidth.Minute, RollupDimensions.Service | RollupDimensions.Endpoint)]
    public async Task A_merge_of_stored_buckets_streams_along_the_primary_key_without_sorting_rows(RollupKind kind, RollupWidth width, RollupDimensions dimensions)
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        var plan = ReadPlan(new RollupQuery(kind, width, Day, Day.AddDays(1), IncludeSketches: true) { BucketSeconds = (long)width, Dimensions = dimensions });

        Assert.Equal(["SEARCH request_rollups USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket>? AND bucket<?)"], plan);
    }

    [Fact]
    public async Task A_merge_into_coarser_buckets_sorts_in_a_temporary_b_tree()
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        var plan = ReadPlan(new RollupQuery(RollupKind.Endpoint, RollupWidth.Minute, Day, Day.AddDays(1)) { BucketSeconds = 300, Dimensions = RollupDimensions.Service });

        Assert.Contains("USE TEMP B-TREE FOR GROUP BY", plan);
    }

    [Fact]
    public void A_read_without_sketches_does_not_select_the_sketch_column()
    {
        using var command = new SqliteCommand();

        var sql = SqliteRollupMapping.BuildRead(command, Tenant, new RollupQuery(RollupKind.Consumer, RollupWidth.Hour, Day, Day.AddDays(1)));

        Assert.DoesNotContain("sketch", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuild_seeks_the_key_to_delete_a_day_the_time_index_to_read_it_and_both_to_list_tenants()
    {
        await (await SqliteTestStore.OpenAsync(DatabasePath)).DisposeAsync();

        var delete = QueryPlan(SqliteRollupMapping.DeleteRangeSql);
        var read = QueryPlan(SqliteRollupMapping.RawRequestsSql);
        var tenants = QueryPlan(SqliteRollupMapping.TenantsInRangeSql);

        Assert.Equal(["SEARCH request_rollups USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket>? AND bucket<?)"], delete);
        Assert.Equal(["SEARCH requests USING INDEX ix_requests_tenant_time (tenant_id=? AND timestamp>? AND timestamp<?)"], read);
        // The tenant list sorts the few tenant ids to merge the two lists; the tables themselves are only ever sought.
        Assert.DoesNotContain(tenants, step => step.StartsWith("SCAN request", StringComparison.Ordinal));
        Assert.Contains("SEARCH requests USING COVERING INDEX ix_requests_tenant_time (tenant_id>?)", tenants);
        Assert.Contains(tenants, step => step.StartsWith("SEARCH requests", StringComparison.Ordinal)
            && step.EndsWith("USING COVERING INDEX ix_requests_tenant_time (tenant_id=? AND timestamp>? AND timestamp<?)", StringComparison.Ordinal));
        Assert.Contains("SEARCH request_rollups USING PRIMARY KEY (tenant_id>?)", tenants);
        Assert.Contains(tenants, step => step.StartsWith("SEARCH request_rollups", StringComparison.Ordinal)
            && step.EndsWith("USING PRIMARY KEY (tenant_id=? AND kind=? AND width=? AND bucket>? AND bucket<?)", StringComparison.Ordinal));
    }

    private static LatencySketch Sketch(params long[] microseconds)
    {
        var sketch = new LatencySketch();
        foreach (var value in microseconds)
        {
            sketch.Add(value);
        }

        return sketch;
    }

    private static RequestRecord At(RequestRecord record, DateTimeOffset timestamp, long durationMicroseconds) =>
        record with { Id = Guid.CreateVersion7(timestamp), Timestamp = timestamp, DurationMicroseconds = durationMicroseconds };

    private List<string> ReadPlan(RollupQuery query)
    {
        using var connection = SqliteTestStore.OpenRaw(DatabasePath);
        SqliteRollupWriter.RegisterMergeAllFunction(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteRollupMapping.BuildRead(command, Tenant, query);
        return Steps(command);
    }

    private List<string> QueryPlan(string sql)
    {
        using var connection = SqliteTestStore.OpenRaw(DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$tenant", Tenant);
        command.Parameters.AddWithValue("$from", 0L);
        command.Parameters.AddWithValue("$to", 1L);
        return Steps(command);
    }

    private static List<string> Steps(SqliteCommand command)
    {
        var steps = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}

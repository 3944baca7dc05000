using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tollgate.Core.Audit;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>Partition maintenance under a controlled clock: partitions ahead, rows moved out of the default partition, expired ones dropped.</summary>
public sealed class PostgresPartitionMaintenanceTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";

    // A Wednesday: its week's audit partition starts on Monday 2026-03-02.
    private static readonly DateTimeOffset Wednesday = new(2026, 3, 4, 15, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Wednesday);
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
    public async Task Creates_partitions_from_the_current_period_to_the_configured_number_ahead()
    {
        await Maintenance(o => (o.AuditPartitionWeeksAhead, o.RequestPartitionDaysAhead) = (2, 3)).RunOnceAsync(Ct);

        Assert.Equal(["audit_events_default", "audit_events_p20260302", "audit_events_p20260309", "audit_events_p20260316"], await PartitionsAsync("audit_events"));
        Assert.Equal(["requests_default", "requests_p20260304", "requests_p20260305", "requests_p20260306", "requests_p20260307"], await PartitionsAsync("requests"));
        Assert.Equal(["request_details_default", "request_details_p20260304", "request_details_p20260305", "request_details_p20260306", "request_details_p20260307"], await PartitionsAsync("request_details"));
    }

    [Fact]
    public async Task Weekly_audit_partitions_run_from_monday_to_monday_utc()
    {
        await Maintenance().RunOnceAsync(Ct);
        var factory = new AuditEventFactory();
        var sunday = factory.Event(Tenant).ReceivedAt(new DateTimeOffset(2026, 3, 8, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990)).Build();
        var monday = factory.Event(Tenant).ReceivedAt(new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero)).Build();

        await AuditStore().AppendAsync(Tenant, [sunday, monday], Ct);

        Assert.Equal("audit_events_p20260302", await AuditPartitionOfAsync(sunday.Id));
        Assert.Equal("audit_events_p20260309", await AuditPartitionOfAsync(monday.Id));
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        var maintenance = Maintenance();
        await maintenance.RunOnceAsync(Ct);
        var first = await AllPartitionsAsync();

        await maintenance.RunOnceAsync(Ct);

        Assert.Equal(first, await AllPartitionsAsync());
    }

    [Fact]
    public async Task Concurrent_runs_on_several_nodes_create_each_partition_once()
    {
        var dataSources = Enumerable.Range(0, 3).Select(_ => Database.CreateDataSource()).ToArray();
        try
        {
            await Task.WhenAll(dataSources.Select(ds => Task.Run(() => Maintenance(ds, _ => { }).RunOnceAsync(Ct), Ct)));

            Assert.Equal(1 + 1 + 4, (await PartitionsAsync("audit_events")).Count);
            Assert.Equal(1 + 1 + 7, (await PartitionsAsync("requests")).Count);
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
    public async Task Audit_events_in_the_default_partition_move_into_their_new_partition_and_still_verify()
    {
        var factory = new AuditEventFactory(start: new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero), step: TimeSpan.FromHours(12));
        var store = AuditStore();
        var early = factory.Many(Tenant, 4);
        await store.AppendAsync(Tenant, early, Ct);
        Assert.Equal("audit_events_default", await AuditPartitionOfAsync(early[0].Id));

        await Maintenance().RunOnceAsync(Ct);

        Assert.Equal("audit_events_p20260309", await AuditPartitionOfAsync(early[0].Id));
        Assert.Equal("audit_events_p20260309", await AuditPartitionOfAsync(early[^1].Id));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_events_default"));
        Assert.Equal(4, await store.CountAsync(Tenant, AuditEventFilter.All, Ct));
        var appended = await store.AppendAsync(Tenant, factory.Many(Tenant, 1), Ct);
        Assert.Equal(5, appended[0].Sequence);
        var verification = await store.VerifyChainAsync(Tenant, Ct);
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(5, verification.Verified);
    }

    [Fact]
    public async Task Requests_and_details_in_the_default_partition_move_into_their_new_partitions()
    {
        var factory = new RequestRecordFactory();
        var at = new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero);
        RequestRecord[] records =
        [
            factory.Full(Tenant) with { Timestamp = at },
            factory.Next(Tenant) with { Timestamp = at.AddSeconds(1) },
            factory.Next(Tenant) with { Timestamp = at.AddSeconds(2) },
        ];
        var store = RequestStore();
        await store.WriteAsync(records, Ct);

        await Maintenance().RunOnceAsync(Ct);

        Assert.Equal(3, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests_p20260305"));
        Assert.Equal(1, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details_p20260305"));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests_default"));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details_default"));
        foreach (var record in records)
        {
            Assert.Equal(record.Id, (await store.GetAsync(Tenant, record.Id, Ct))?.Id);
        }
    }

    [Fact]
    public async Task Expired_request_partitions_are_dropped_and_expired_rows_deleted_from_the_default_partitions()
    {
        var maintenance = Maintenance(o => o.RequestRetentionDays = 30);
        await maintenance.RunOnceAsync(Ct);
        var factory = new RequestRecordFactory();
        var expired = factory.Full(Tenant) with { Timestamp = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero) };
        var kept = factory.Full(Tenant) with { Timestamp = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero) };
        await RequestStore().WriteAsync([expired, kept], Ct);

        // 37 days later the cut-off is 2026-03-11 15:30: the partitions of 03-04 to 03-10 have ended before it.
        clock.Advance(TimeSpan.FromDays(37));
        await maintenance.RunOnceAsync(Ct);

        var requests = await PartitionsAsync("requests");
        Assert.DoesNotContain(requests, p => string.CompareOrdinal(p, "requests_p20260311") < 0 && p != "requests_default");
        Assert.Contains("requests_p20260311", requests);
        Assert.Contains("requests_p20260410", requests);
        Assert.Contains("requests_p20260417", requests);
        Assert.DoesNotContain("request_details_p20260310", await PartitionsAsync("request_details"));
        Assert.Contains("request_details_p20260311", await PartitionsAsync("request_details"));
        Assert.Null(await RequestStore().GetAsync(Tenant, expired.Id, Ct));
        Assert.Equal(1, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests_default"));
        Assert.Equal(1, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details_default"));
        Assert.NotNull(await RequestStore().GetAsync(Tenant, kept.Id, Ct));
    }

    [Fact]
    public async Task Retention_of_zero_days_keeps_every_request_partition()
    {
        var maintenance = Maintenance(o => o.RequestRetentionDays = 0);
        await maintenance.RunOnceAsync(Ct);
        var old = new RequestRecordFactory().Next(Tenant) with { Timestamp = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        await RequestStore().WriteAsync([old], Ct);

        clock.Advance(TimeSpan.FromDays(400));
        await maintenance.RunOnceAsync(Ct);

        Assert.Contains("requests_p20260304", await PartitionsAsync("requests"));
        Assert.NotNull(await RequestStore().GetAsync(Tenant, old.Id, Ct));
    }

    [Fact]
    public async Task Audit_partitions_emptied_by_retention_are_dropped_oldest_first_up_to_the_first_that_holds_events()
    {
        var maintenance = Maintenance(o => o.AuditPartitionWeeksAhead = 3);
        await maintenance.RunOnceAsync(Ct);
        var factory = new AuditEventFactory(start: new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero), step: TimeSpan.FromDays(14));
        var store = AuditStore();
        var appended = factory.Many(Tenant, 2);
        await store.AppendAsync(Tenant, appended, Ct);
        Assert.Equal("audit_events_p20260316", await AuditPartitionOfAsync(appended[1].Id));

        clock.Advance(TimeSpan.FromDays(42));
        await maintenance.RunOnceAsync(Ct);
        var beforeRetention = await PartitionsAsync("audit_events");
        await store.DeleteReceivedBeforeAsync(Tenant, appended[1].ReceivedAt, Ct);
        await maintenance.RunOnceAsync(Ct);
        var afterRetention = await PartitionsAsync("audit_events");

        Assert.Contains("audit_events_p20260302", beforeRetention);
        Assert.Contains("audit_events_p20260309", beforeRetention);
        Assert.DoesNotContain("audit_events_p20260302", afterRetention);
        Assert.DoesNotContain("audit_events_p20260309", afterRetention);
        Assert.Contains("audit_events_p20260316", afterRetention);
        Assert.Contains("audit_events_p20260323", afterRetention);
        Assert.Contains("audit_events_p20260413", afterRetention);
        Assert.Contains("audit_events_p20260504", afterRetention);
        Assert.True((await store.VerifyChainAsync(Tenant, Ct)).Ok);
    }

    [Fact]
    public async Task Runs_again_after_the_interval()
    {
        var maintenance = Maintenance(o => (o.RequestPartitionDaysAhead, o.MaintenanceInterval) = (1, TimeSpan.FromHours(1)));
        await maintenance.StartAsync(Ct);
        try
        {
            clock.Advance(TimeSpan.FromDays(2));

            // The service creates its timer on its own thread, maybe after the advance above: keep the clock moving
            // by one interval per poll, so a timer created late still comes due.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!(await PartitionsAsync("requests")).Contains("requests_p20260307"))
            {
                Assert.True(DateTime.UtcNow < deadline, "Maintenance did not run after its interval.");
                await Task.Delay(50, Ct);
                clock.Advance(TimeSpan.FromHours(1));
            }
        }
        finally
        {
            await maintenance.StopAsync(Ct);
        }
    }

    private PostgresPartitionMaintenance Maintenance(Action<PostgresStoreOptions>? configure = null) => Maintenance(Database.DataSource, configure ?? (_ => { }));

    private PostgresPartitionMaintenance Maintenance(NpgsqlDataSource dataSource, Action<PostgresStoreOptions> configure)
    {
        var options = new PostgresStoreOptions();
        configure(options);
        return new PostgresPartitionMaintenance(dataSource, Options.Create(options), clock, NullLogger<PostgresPartitionMaintenance>.Instance);
    }

    private PostgresAuditEventStore AuditStore() =>
        new(Database.DataSource, Options.Create(new PostgresStoreOptions()), TimeProvider.System);

    private PostgresRequestStore RequestStore()
    {
        // Built the way the host builds it, so this test does not depend on the store's constructor.
        var services = new ServiceCollection().AddOptions().AddSingleton(Database.DataSource).AddSingleton(TimeProvider.System).BuildServiceProvider();
        return ActivatorUtilities.CreateInstance<PostgresRequestStore>(services);
    }

    private Task<string> AuditPartitionOfAsync(Guid id) =>
        Database.ScalarAsync<string>("SELECT tableoid::regclass::text FROM audit_events WHERE id = $1", id);

    private async Task<List<string>> PartitionsAsync(string table)
    {
        var names = new List<string>();
        await using var command = Database.DataSource.CreateCommand(
            "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1) ORDER BY 1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<List<string>> AllPartitionsAsync() =>
        [.. await PartitionsAsync("audit_events"), .. await PartitionsAsync("requests"), .. await PartitionsAsync("request_details")];
}

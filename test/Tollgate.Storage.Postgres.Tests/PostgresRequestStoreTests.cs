using Microsoft.Extensions.Options;
using Npgsql;
using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Storage.Postgres.Tests;

/// <summary>What the PostgreSQL request store does beyond the contract: daily partitions, COPY batches, idempotency across nodes, text PostgreSQL cannot hold.</summary>
public sealed class PostgresRequestStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset NewYear = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RequestRecordFactory requests = new();
    private PostgresTestDatabase? database;
    private PostgresRequestStore? store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresTestDatabase Database => database!;

    private PostgresRequestStore Store => store!;

    public async ValueTask InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        store = new PostgresRequestStore(database.DataSource, Options.Create(new RollupOptions()));
    }

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_batch_straddling_midnight_lands_in_each_days_partition_with_its_detail()
    {
        await CreateDayPartitionsAsync(NewYear, NewYear.AddDays(1));
        var lastOfDay = requests.Full(Tenant) with { Timestamp = NewYear.AddDays(1).AddTicks(-10) };
        var midnight = requests.Full(Tenant) with { Timestamp = NewYear.AddDays(1) };
        var firstOfNextDay = requests.Next(Tenant) with { Timestamp = NewYear.AddDays(1).AddTicks(10) };
        var outsideBoth = requests.Full(Tenant) with { Timestamp = NewYear.AddDays(2) };

        await Store.WriteAsync([lastOfDay, midnight, firstOfNextDay, outsideBoth], Ct);

        Assert.Equal("requests_p20260101", await PartitionOfAsync("requests", lastOfDay.Id));
        Assert.Equal("request_details_p20260101", await PartitionOfAsync("request_details", lastOfDay.Id));
        Assert.Equal("requests_p20260102", await PartitionOfAsync("requests", midnight.Id));
        Assert.Equal("request_details_p20260102", await PartitionOfAsync("request_details", midnight.Id));
        Assert.Equal("requests_p20260102", await PartitionOfAsync("requests", firstOfNextDay.Id));
        Assert.Equal("requests_default", await PartitionOfAsync("requests", outsideBoth.Id));
        Assert.Equal("request_details_default", await PartitionOfAsync("request_details", outsideBoth.Id));
        foreach (var record in new[] { lastOfDay, midnight, firstOfNextDay, outsideBoth })
        {
            AssertSame(record, await Store.GetAsync(Tenant, record.Id, Ct));
        }

        var page = await Store.QueryAsync(Tenant, new RequestQuery(new RequestFilter { From = NewYear, To = NewYear.AddDays(2) }, 10), Ct);
        Assert.Equal([firstOfNextDay.Id, midnight.Id, lastOfDay.Id], page.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_stored_twice_even_by_two_nodes_at_once()
    {
        await CreateDayPartitionsAsync(RequestRecordFactory.DefaultStart);
        var batch = requests.Many(Tenant, 200, (r, i) => i % 4 == 0 ? requests.Full(Tenant) : r);
        await using var secondNode = Database.CreateDataSource();
        var otherStore = new PostgresRequestStore(secondNode, Options.Create(new RollupOptions()));

        await Store.WriteAsync(batch, Ct);
        await Store.WriteAsync(batch, Ct);
        await Task.WhenAll(
            Task.Run(() => Store.WriteAsync(batch, Ct), Ct),
            Task.Run(() => otherStore.WriteAsync(batch, Ct), Ct));

        Assert.Equal(200L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
        Assert.Equal(50L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details"));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests_default"));
    }

    [Fact]
    public async Task Two_nodes_writing_the_same_new_batch_at_once_store_it_once()
    {
        var batch = requests.Many(Tenant, 500, (r, i) => i % 10 == 0 ? requests.Full(Tenant) : r);
        await using var secondNode = Database.CreateDataSource();
        var otherStore = new PostgresRequestStore(secondNode, Options.Create(new RollupOptions()));

        await Task.WhenAll(
            Task.Run(() => Store.WriteAsync(batch, Ct), Ct),
            Task.Run(() => otherStore.WriteAsync(batch, Ct), Ct));

        Assert.Equal(500L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
        Assert.Equal(50L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details"));
        AssertSame(batch[0], await Store.GetAsync(Tenant, batch[0].Id, Ct));
    }

    [Fact]
    public async Task A_ten_thousand_record_batch_round_trips()
    {
        const int Count = 10_000;
        await CreateDayPartitionsAsync(RequestRecordFactory.DefaultStart);
        var batch = requests.Many(Tenant, Count, (r, i) => i % 100 == 0 ? requests.Full(Tenant) : i % 7 == 0 ? requests.Minimal(Tenant) : r);

        await Store.WriteAsync(batch, Ct);

        var read = new List<RequestRecord>();
        RequestCursor? after = null;
        do
        {
            var page = await Store.QueryAsync(Tenant, new RequestQuery(new RequestFilter(), RequestQuery.MaxLimit, after), Ct);
            read.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        var expected = batch.OrderByDescending(r => r.Timestamp).ThenByDescending(r => r.Id).ToList();
        Assert.Equal(Count, read.Count);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(expected[i] with { Detail = null, HasDetail = expected[i].Detail is not null }, read[i]);
        }

        foreach (var withDetail in batch.Where(r => r.Detail is not null).Take(10))
        {
            AssertSame(withDetail, await Store.GetAsync(Tenant, withDetail.Id, Ct));
        }

        Assert.Equal(Count / 100L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details"));
    }

    [Fact]
    public async Task Only_records_with_a_detail_get_a_detail_row_and_a_redelivery_never_adds_one()
    {
        var withDetail = requests.Full(Tenant);
        var without = requests.Next(Tenant);

        await Store.WriteAsync([without, withDetail, requests.Minimal(Tenant)], Ct);
        await Store.WriteAsync([withDetail, without with { Detail = withDetail.Detail }], Ct);

        Assert.Equal(3L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE has_detail"));
        Assert.Equal(1L, await Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM request_details WHERE id = $1 AND jsonb_array_length(request_headers) = 5",
            withDetail.Id));
        AssertSame(without, await Store.GetAsync(Tenant, without.Id, Ct));
    }

    [Fact]
    public async Task A_batch_the_database_rejects_rolls_back_whole_and_later_batches_still_commit()
    {
        await Database.ExecuteAsync("""
            CREATE FUNCTION reject_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.path = '/boom' THEN RAISE EXCEPTION 'boom'; END IF;
                RETURN NEW;
            END $$
            """);
        await Database.ExecuteAsync("CREATE TRIGGER reject_boom BEFORE INSERT ON requests FOR EACH ROW EXECUTE FUNCTION reject_boom()");
        var before = requests.Full(Tenant);
        var after = requests.Full(Tenant);

        await Assert.ThrowsAsync<PostgresException>(() => Store.WriteAsync([before, requests.Next(Tenant) with { Path = "/boom" }], Ct));
        await Store.WriteAsync([after], Ct);

        Assert.Null(await Store.GetAsync(Tenant, before.Id, Ct));
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM request_details"));
        AssertSame(after, await Store.GetAsync(Tenant, after.Id, Ct));
    }

    [Fact]
    public async Task Text_postgres_cannot_hold_is_stored_with_a_replacement_character_and_bodies_keep_it_exactly()
    {
        var record = requests.Full(Tenant) with
        {
            Path = "/orders/\0/lines",
            UserAgent = "broken \uD800 agent, whole 😀",
            Error = "\uDC00",
            Detail = new RequestDetail(
                [new("X-Nul", "a\0b"), new("X-Lone\uD83D", "ok")],
                [],
                new CapturedBody("text/plain", "binary\0text 😀", false),
                null),
        };

        await Store.WriteAsync([record], Ct);

        var expected = record with
        {
            Path = "/orders/\uFFFD/lines",
            UserAgent = "broken \uFFFD agent, whole 😀",
            Error = "\uFFFD",
            Detail = record.Detail with { RequestHeaders = [new("X-Nul", "a\uFFFDb"), new("X-Lone\uFFFD", "ok")] },
        };
        AssertSame(expected, await Store.GetAsync(Tenant, record.Id, Ct));
        var found = await Store.QueryAsync(Tenant, new RequestQuery(new RequestFilter { PathPrefix = "/orders/\0" }, 10), Ct);
        Assert.Equal([record.Id], found.Items.Select(r => r.Id));
        Assert.Empty((await Store.QueryAsync("tenant\0b", new RequestQuery(new RequestFilter { Service = "\uD800" }, 10), Ct)).Items);
    }

    [Fact]
    public async Task A_timestamp_with_an_offset_is_stored_as_the_same_instant_in_utc()
    {
        var at = new DateTimeOffset(2026, 1, 1, 2, 30, 0, TimeSpan.FromHours(2)).AddTicks(1230);
        var record = requests.Next(Tenant) with { Timestamp = at };

        await Store.WriteAsync([record], Ct);

        var stored = await Store.GetAsync(Tenant, record.Id, Ct);
        Assert.Equal(at, stored?.Timestamp);
        Assert.Equal(TimeSpan.Zero, stored?.Timestamp.Offset);
        var page = await Store.QueryAsync(Tenant, new RequestQuery(new RequestFilter { From = at, To = at.AddTicks(10) }, 10), Ct);
        Assert.Equal([record.Id], page.Items.Select(r => r.Id));
    }

    private static void AssertSame(RequestRecord expected, RequestRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Detail = null, HasDetail = expected.Detail is not null }, actual with { Detail = null });
        if (expected.Detail is not { } detail)
        {
            Assert.Null(actual.Detail);
            return;
        }

        Assert.NotNull(actual.Detail);
        Assert.Equal(detail.RequestHeaders, actual.Detail.RequestHeaders);
        Assert.Equal(detail.ResponseHeaders, actual.Detail.ResponseHeaders);
        Assert.Equal(detail.RequestBody, actual.Detail.RequestBody);
        Assert.Equal(detail.ResponseBody, actual.Detail.ResponseBody);
    }

    /// <summary>Creates the daily partitions of both tables for the UTC days of <paramref name="days"/>, as the maintenance job names them.</summary>
    private async Task CreateDayPartitionsAsync(params DateTimeOffset[] days)
    {
        foreach (var day in days.Select(d => d.UtcDateTime.Date).Distinct())
        {
            foreach (var table in new[] { "requests", "request_details" })
            {
                await Database.ExecuteAsync(
                    $"CREATE TABLE {table}_p{day:yyyyMMdd} PARTITION OF {table} FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00')");
            }
        }
    }

    private Task<string> PartitionOfAsync(string table, Guid id) =>
        Database.ScalarAsync<string>($"SELECT tableoid::regclass::text FROM {table} WHERE id = $1", id);
}

using Tollgate.Core.Analytics;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestRollupStoreContract
{
    [Fact]
    public async Task Every_request_is_counted_once_at_every_width_and_kind()
    {
        var records = Enumerable.Range(0, 50).Select(i => Request(Hour.AddSeconds(i * 7))).ToArray();

        await WriteAsync(records);

        foreach (var kind in Enum.GetValues<RollupKind>())
        {
            foreach (var width in RollupWidths.Of(kind))
            {
                AssertSameCell(Expected(records), Total(await ReadDayAsync(kind, width)));
            }
        }

        Assert.Empty(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.FiveMinutes));
        Assert.Empty(await ReadDayAsync(RollupKind.Consumer, RollupWidth.FiveMinutes));
        Assert.Empty(await ReadDayAsync(RollupKind.Service, RollupWidth.Minute));
    }

    [Fact]
    public async Task Service_rows_count_a_request_at_the_last_microsecond_of_five_minutes_and_one_at_the_next_in_different_buckets()
    {
        var last = Request(Hour.AddMinutes(5).AddTicks(-10), durationMicroseconds: 700);
        var next = Request(Hour.AddMinutes(5), status: 503, durationMicroseconds: 90_000);
        var third = Request(Hour.AddMinutes(9), durationMicroseconds: 1_100);

        await WriteAsync(last, next, third);

        var rows = await ReadDayAsync(RollupKind.Service, RollupWidth.FiveMinutes);
        Assert.Equal([(Hour, 2, 1L), (Hour.AddMinutes(5), 2, 1L), (Hour.AddMinutes(5), 5, 1L)], rows.Select(r => (r.Key.Bucket, r.Key.StatusClass, r.Cell.Count)).Order());
        AssertSameCell(Expected([last]), rows.Single(r => r.Key.Bucket == Hour).Cell);
        AssertSameCell(Expected([third]), rows.Single(r => r.Key.StatusClass == 2 && r.Key.Bucket == Hour.AddMinutes(5)).Cell);
    }

    [Fact]
    public async Task Measures_are_exact_for_a_hand_computed_fixture()
    {
        await WriteAsync(
            Request(Hour.AddSeconds(1), status: 200, durationMicroseconds: 1_000) with { RequestBytes = 5, ResponseBytes = 50 },
            Request(Hour.AddSeconds(2), status: 201, durationMicroseconds: 3_000) with { RequestBytes = 7, ResponseBytes = 70 },
            Request(Hour.AddSeconds(3), status: 404, durationMicroseconds: 500) with { RequestBytes = 0, ResponseBytes = 9 },
            Request(Hour.AddSeconds(4), status: 503, durationMicroseconds: 9_500) with { RequestBytes = 1, ResponseBytes = 0 });

        var rows = await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour);

        var byClass = rows.ToDictionary(r => r.Key.StatusClass);
        Assert.Equal([2, 4, 5], byClass.Keys.Order());
        var ok = byClass[2].Cell;
        Assert.Equal(2, ok.Count);
        Assert.Equal(0, ok.Errors);
        Assert.Equal(4_000, ok.DurationSumMicroseconds);
        Assert.Equal(1_000, ok.DurationMinMicroseconds);
        Assert.Equal(3_000, ok.DurationMaxMicroseconds);
        Assert.Equal(12, ok.RequestBytes);
        Assert.Equal(120, ok.ResponseBytes);
        Assert.Equal((1, 1, 0), (byClass[4].Cell.Count, byClass[4].Cell.Errors, byClass[4].Cell.ServerErrors));
        Assert.Equal((1, 1, 1), (byClass[5].Cell.Count, byClass[5].Cell.Errors, byClass[5].Cell.ServerErrors));

        var consumer = Assert.Single(await ReadDayAsync(RollupKind.Consumer, RollupWidth.Hour)).Cell;
        Assert.Equal((4, 2, 1), (consumer.Count, consumer.Errors, consumer.ServerErrors));
        Assert.Equal(14_000, consumer.DurationSumMicroseconds);
        Assert.Equal(500, consumer.DurationMinMicroseconds);
        Assert.Equal(9_500, consumer.DurationMaxMicroseconds);

        var services = (await ReadDayAsync(RollupKind.Service, RollupWidth.Hour)).ToDictionary(r => r.Key.StatusClass);
        Assert.Equal([2, 4, 5], services.Keys.Order());
        Assert.All(services.Values, r => Assert.Equal(("orders-api", "", "", ""), (r.Key.Service, r.Key.Endpoint, r.Key.Method, r.Key.Consumer)));
        Assert.Equal((2, 4_000, 1_000, 3_000, 12, 120), (services[2].Cell.Count, services[2].Cell.DurationSumMicroseconds, services[2].Cell.DurationMinMicroseconds, services[2].Cell.DurationMaxMicroseconds, services[2].Cell.RequestBytes, services[2].Cell.ResponseBytes));
        Assert.Equal((1, 1, 1), (services[5].Cell.Count, services[5].Cell.Errors, services[5].Cell.ServerErrors));
    }

    [Fact]
    public async Task Rows_carry_the_keys_of_their_kind()
    {
        await WriteAsync(
            Request(Hour.AddSeconds(1)) with { Service = "billing", Method = "POST", RouteTemplate = null, Path = "/invoices/12345/lines", Principal = null },
            Request(Hour.AddSeconds(2)) with { Service = "billing", Method = "POST", RouteTemplate = "/invoices/{invoice}/lines", Principal = "user:ada" });

        var endpoints = await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute);
        Assert.Equal(
            ["/invoices/{id}/lines", "/invoices/{invoice}/lines"],
            endpoints.Select(r => r.Key.Endpoint).Order(StringComparer.Ordinal));
        Assert.All(endpoints, r =>
        {
            Assert.Equal((TenantA, RollupKind.Endpoint, RollupWidth.Minute, Hour), (r.Key.TenantId, r.Key.Kind, r.Key.Width, r.Key.Bucket));
            Assert.Equal(("billing", "POST", 2, ""), (r.Key.Service, r.Key.Method, r.Key.StatusClass, r.Key.Consumer));
        });

        var consumers = await ReadDayAsync(RollupKind.Consumer, RollupWidth.Minute);
        Assert.Equal(["", "user:ada"], consumers.Select(r => r.Key.Consumer).Order(StringComparer.Ordinal));
        Assert.All(consumers, r => Assert.Equal(("billing", "", "", 0), (r.Key.Service, r.Key.Endpoint, r.Key.Method, r.Key.StatusClass)));
    }

    [Fact]
    public async Task A_request_at_the_last_microsecond_of_an_hour_and_one_at_the_next_hour_land_in_different_buckets()
    {
        var next = Hour.AddHours(1);
        await WriteAsync(Request(next.AddTicks(-10)), Request(next));

        var minutes = await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute);
        Assert.Equal([next.AddMinutes(-1), next], minutes.Select(r => r.Key.Bucket).Order());
        var hours = await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour);
        Assert.Equal([Hour, next], hours.Select(r => r.Key.Bucket).Order());
        Assert.All(hours, r => Assert.Equal(1, r.Cell.Count));
    }

    [Fact]
    public async Task A_request_at_the_last_microsecond_of_a_day_and_one_at_midnight_land_in_different_days()
    {
        var midnight = Day.AddDays(1);
        await WriteAsync(Request(midnight.AddTicks(-10)), Request(midnight));

        var days = await ReadDayAsync(RollupKind.Consumer, RollupWidth.Day);
        Assert.Equal([midnight.AddDays(-1), midnight], days.Select(r => r.Key.Bucket).Order());
        Assert.All(days, r => Assert.Equal(1, r.Cell.Count));
    }

    [Fact]
    public async Task A_redelivered_batch_is_not_counted_twice()
    {
        var batch = Enumerable.Range(0, 20).Select(i => Request(Hour.AddSeconds(i), status: i % 5 == 0 ? 500 : 200, durationMicroseconds: 100 * (i + 1))).ToArray();
        var later = Request(Hour.AddSeconds(30));

        await WriteAsync(batch);
        await WriteAsync(batch);
        await WriteAsync([.. batch.Take(5), later]);

        foreach (var kind in Enum.GetValues<RollupKind>())
        {
            foreach (var width in RollupWidths.Of(kind))
            {
                AssertSameCell(Expected([.. batch, later]), Total(await ReadDayAsync(kind, width)));
            }
        }
    }

    [Fact]
    public async Task A_repeated_id_within_one_batch_is_counted_once()
    {
        var record = Request(Hour.AddSeconds(5));

        await WriteAsync(record, record);

        Assert.Equal(1, Total(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour)).Count);
    }

    [Fact]
    public async Task Batches_into_the_same_bucket_add_up_and_merge_their_histograms()
    {
        var random = new Random(7);
        var batches = Enumerable.Range(0, 5)
            .Select(b => Enumerable.Range(0, 40).Select(i => Request(Hour.AddSeconds(b), durationMicroseconds: random.Next(0, 2_000_000))).ToArray())
            .ToArray();

        foreach (var batch in batches)
        {
            await WriteAsync(batch);
        }

        var all = batches.SelectMany(b => b).ToArray();
        var row = Assert.Single(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute));
        var expected = Expected(all);
        AssertSameCell(expected, row.Cell);
        Assert.NotNull(row.Cell.Sketch);
    }

    [Fact]
    public async Task Concurrent_batches_are_all_counted()
    {
        var batches = Enumerable.Range(0, 8)
            .Select(b => Enumerable.Range(0, 100).Select(i => Request(Hour.AddMilliseconds((b * 100) + i), status: i % 10 == 0 ? 404 : 200, durationMicroseconds: 10 + i)).ToArray())
            .ToArray();

        await Task.WhenAll(batches.Select(b => Task.Run(() => Store.WriteAsync(b, Ct), Ct)));

        AssertSameCell(Expected(batches.SelectMany(b => b)), Total(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute)));
        AssertSameCell(Expected(batches.SelectMany(b => b)), Total(await ReadDayAsync(RollupKind.Consumer, RollupWidth.Day)));
    }
}

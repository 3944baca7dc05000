using Tollgate.Core.Analytics;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestRollupStoreContract
{
    [Fact]
    public async Task A_merged_read_adds_rows_up_into_coarser_buckets_counted_from_its_start()
    {
        var records = Enumerable.Range(0, 12).Select(m => Request(Hour.AddMinutes(m), durationMicroseconds: 1_000 * (m + 1))).ToArray();
        await WriteAsync(records);

        var fromHour = await Rollups.ReadAsync(TenantA, Merged(RollupKind.Endpoint, RollupWidth.Minute, Hour, Hour.AddMinutes(12), 300), Ct);
        var fromTwo = await Rollups.ReadAsync(TenantA, Merged(RollupKind.Endpoint, RollupWidth.Minute, Hour.AddMinutes(2), Hour.AddMinutes(12), 300), Ct);

        Assert.Equal(
            [(Hour, 5L), (Hour.AddMinutes(5), 5L), (Hour.AddMinutes(10), 2L)],
            fromHour.Select(r => (r.Key.Bucket, r.Cell.Count)).Order());
        Assert.Equal([(Hour.AddMinutes(2), 5L), (Hour.AddMinutes(7), 5L)], fromTwo.Select(r => (r.Key.Bucket, r.Cell.Count)).Order());
        AssertSameCell(Expected(records[5..10]), fromHour.Single(r => r.Key.Bucket == Hour.AddMinutes(5)).Cell);
    }

    [Fact]
    public async Task A_merged_read_keeps_only_the_asked_dimensions()
    {
        var records = new[]
        {
            Request(Hour, status: 200, durationMicroseconds: 900) with { Service = "billing", RouteTemplate = "/invoices" },
            Request(Hour.AddMinutes(1), status: 503, durationMicroseconds: 90_000) with { Service = "billing", RouteTemplate = "/invoices" },
            Request(Hour.AddMinutes(2), status: 404, durationMicroseconds: 4_000) with { Service = "billing", RouteTemplate = "/payments", Method = "POST" },
            Request(Hour.AddMinutes(3), status: 200, durationMicroseconds: 1_200) with { Service = "orders-api" },
        };
        await WriteAsync(records);

        var rows = await Rollups.ReadAsync(
            TenantA,
            Merged(RollupKind.Endpoint, RollupWidth.Minute, Hour, Hour.AddHours(1), 3_600, RollupDimensions.Service | RollupDimensions.Endpoint),
            Ct);

        Assert.Equal(
            [("billing", "GET", "/invoices", 0, "", 2L), ("billing", "POST", "/payments", 0, "", 1L), ("orders-api", "GET", "/orders/{id}", 0, "", 1L)],
            rows.Select(r => (r.Key.Service, r.Key.Method, r.Key.Endpoint, r.Key.StatusClass, r.Key.Consumer, r.Cell.Count)).Order());
        AssertSameCell(Expected(records[..2]), rows.Single(r => r.Key.Endpoint == "/invoices").Cell);
        Assert.All(rows, r => Assert.Equal((RollupKind.Endpoint, RollupWidth.Minute, Hour), (r.Key.Kind, r.Key.Width, r.Key.Bucket)));
    }

    [Fact]
    public async Task Merging_every_dimension_and_bucket_gives_one_row_equal_to_the_whole_range()
    {
        var records = new[] { 0L, 250, 1_000, 1_000, 75_000, 3_600_000_000 }
            .Select((d, i) => Request(Hour.AddMinutes(i * 7), status: i == 3 ? 500 : 200, durationMicroseconds: d) with { Service = $"service-{i % 3}", Principal = i % 2 == 0 ? null : $"key:{i}" })
            .ToArray();
        await WriteAsync(records);

        foreach (var kind in new[] { RollupKind.Endpoint, RollupKind.Consumer, RollupKind.Service })
        {
            var row = Assert.Single(await Rollups.ReadAsync(TenantA, Merged(kind, RollupWidths.Of(kind)[0], Hour, Hour.AddHours(1), 3_600, RollupDimensions.None), Ct));

            Assert.Equal(("", "", "", 0, "", Hour), (row.Key.Service, row.Key.Endpoint, row.Key.Method, row.Key.StatusClass, row.Key.Consumer, row.Key.Bucket));
            AssertSameCell(Expected(records), row.Cell);
            Assert.NotNull(row.Cell.Sketch);
        }
    }

    [Fact]
    public async Task A_merged_read_groups_consumers_across_services_and_status_classes()
    {
        await WriteAsync(
            Request(Hour) with { Service = "billing", Principal = "key:a" },
            Request(Hour.AddMinutes(1), status: 500) with { Service = "orders-api", Principal = "key:a" },
            Request(Hour.AddMinutes(2)) with { Service = "billing", Principal = null },
            Request(Hour.AddMinutes(3)) with { Service = "billing", Principal = "key:b" });

        var rows = await Rollups.ReadAsync(TenantA, Merged(RollupKind.Consumer, RollupWidth.Minute, Hour, Hour.AddHours(1), 3_600, RollupDimensions.Consumer), Ct);

        Assert.Equal([("", 1L, 0L), ("key:a", 2L, 1L), ("key:b", 1L, 0L)], rows.Select(r => (r.Key.Consumer, r.Cell.Count, r.Cell.Errors)).Order());
    }

    [Fact]
    public async Task A_merged_read_keeps_to_its_tenant_service_and_range_and_leaves_sketches_out_unless_asked()
    {
        await WriteAsync(
            Request(Hour.AddMinutes(-1)),
            Request(Hour),
            Request(Hour.AddMinutes(1)) with { Service = "billing" },
            Request(Hour.AddMinutes(2), TenantB),
            Request(Hour.AddHours(1)));

        var query = Merged(RollupKind.Endpoint, RollupWidth.Minute, Hour, Hour.AddHours(1), 3_600, RollupDimensions.None) with { Service = "orders-api", IncludeSketches = false };
        var row = Assert.Single(await Rollups.ReadAsync(TenantA, query, Ct));

        Assert.Equal(1, row.Cell.Count);
        Assert.Null(row.Cell.Sketch);
        Assert.Empty(await Rollups.ReadAsync("tenant-c", query, Ct));
    }

    [Fact]
    public async Task A_merged_read_of_hour_rows_gives_what_the_day_row_holds()
    {
        var records = Enumerable.Range(0, 24).Select(h => Request(Day.AddHours(h).AddMinutes(h), status: h % 5 == 0 ? 404 : 200, durationMicroseconds: 100 * (h + 1) * (h + 1))).ToArray();
        await WriteAsync(records);

        var merged = await Rollups.ReadAsync(TenantA, Merged(RollupKind.Endpoint, RollupWidth.Hour, Day, Day.AddDays(1), 86_400), Ct);
        var days = await ReadAsync(RollupKind.Endpoint, RollupWidth.Day, Day, Day.AddDays(1));

        Assert.Equal(2, days.Count);
        Assert.Equal(days.Select(d => d.Key with { Width = RollupWidth.Hour }).Order(KeyOrder), merged.Select(m => m.Key).Order(KeyOrder));
        foreach (var day in days)
        {
            AssertSameCell(day.Cell, merged.Single(m => m.Key.StatusClass == day.Key.StatusClass).Cell);
        }
    }

    [Fact]
    public async Task A_merged_bucket_that_is_not_a_multiple_of_the_width_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Rollups.ReadAsync(TenantA, Merged(RollupKind.Service, RollupWidth.Hour, Day, Day.AddDays(1), 90), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Rollups.ReadAsync(TenantA, Merged(RollupKind.Endpoint, RollupWidth.Minute, Day, Day.AddDays(1), 0), Ct));
    }

    private static readonly Comparer<RollupKey> KeyOrder = Comparer<RollupKey>.Create((x, y) => x.StatusClass.CompareTo(y.StatusClass));

    /// <summary>A query of the tenant's rows merged into buckets of <paramref name="seconds"/>, sketches included.</summary>
    private static RollupQuery Merged(
        RollupKind kind, RollupWidth width, DateTimeOffset from, DateTimeOffset to, long seconds, RollupDimensions dimensions = RollupDimensions.All) =>
        new(kind, width, from, to, IncludeSketches: true) { BucketSeconds = seconds, Dimensions = dimensions };
}

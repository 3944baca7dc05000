using Tollgate.Core.Analytics;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class RequestRollupStoreContract
{
    [Fact]
    public async Task A_read_covers_buckets_from_its_start_up_to_but_not_including_its_end()
    {
        await WriteAsync(Request(Hour.AddMinutes(-1)), Request(Hour), Request(Hour.AddMinutes(1)), Request(Hour.AddMinutes(2)));

        var rows = await ReadAsync(RollupKind.Endpoint, RollupWidth.Minute, Hour, Hour.AddMinutes(2));

        Assert.Equal([Hour, Hour.AddMinutes(1)], rows.Select(r => r.Key.Bucket).Order());
    }

    [Fact]
    public async Task A_read_returns_only_the_asked_kind_and_width()
    {
        await WriteAsync(Request(Hour.AddMinutes(5)));

        var rows = await ReadDayAsync(RollupKind.Consumer, RollupWidth.Hour);

        var row = Assert.Single(rows);
        Assert.Equal((RollupKind.Consumer, RollupWidth.Hour, Hour), (row.Key.Kind, row.Key.Width, row.Key.Bucket));
    }

    [Fact]
    public async Task A_service_narrows_the_read()
    {
        await WriteAsync(Request(Hour) with { Service = "billing" }, Request(Hour) with { Service = "orders-api" }, Request(Hour) with { Service = "billing" });

        var rows = await ReadAsync(RollupKind.Endpoint, RollupWidth.Hour, Hour, Hour.AddHours(1), service: "billing");

        var row = Assert.Single(rows);
        Assert.Equal(("billing", 2L), (row.Key.Service, row.Cell.Count));
        Assert.Empty(await ReadAsync(RollupKind.Endpoint, RollupWidth.Hour, Hour, Hour.AddHours(1), service: "nope"));
    }

    [Fact]
    public async Task Sketches_are_read_only_when_asked_for()
    {
        await WriteAsync(Request(Hour, durationMicroseconds: 1_234));

        var without = Assert.Single(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour, sketches: false));
        var with = Assert.Single(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour, sketches: true));

        Assert.Null(without.Cell.Sketch);
        Assert.Equal(1, without.Cell.Count);
        var sketch = Assert.IsType<LatencySketch>(with.Cell.Sketch);
        Assert.Equal(1, sketch.Count);
        Assert.InRange(sketch.Quantile(0.5)!.Value, 1_234 * 0.99, 1_234 * 1.01);
    }

    [Fact]
    public async Task Latencies_of_zero_and_of_hours_keep_their_quantiles()
    {
        var records = new[] { 0L, 0, 1, 2, 999, 3_600_000_000, 86_400_000_000 }.Select(d => Request(Hour, durationMicroseconds: d)).ToArray();

        await WriteAsync(records);

        AssertSameCell(Expected(records), Assert.Single(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Day)).Cell);
    }

    [Fact]
    public async Task A_tenant_never_reads_another_tenants_rollups()
    {
        await WriteAsync(Request(Hour, TenantA), Request(Hour, TenantB), Request(Hour, TenantB));

        var a = await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour, TenantA);
        var b = await ReadDayAsync(RollupKind.Consumer, RollupWidth.Minute, TenantB);

        Assert.Equal((TenantA, 1L), (Assert.Single(a).Key.TenantId, a[0].Cell.Count));
        Assert.Equal((TenantB, 2L), (Assert.Single(b).Key.TenantId, b[0].Cell.Count));
        Assert.Empty(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Hour, "tenant-c"));
    }

    [Fact]
    public async Task Text_keys_round_trip_exactly()
    {
        var record = Request(Hour) with { Service = "sérvice-日本", RouteTemplate = "/ünïcode/{id}/😀", Principal = "user:zoë" };

        await WriteAsync(record);

        var endpoint = Assert.Single(await ReadDayAsync(RollupKind.Endpoint, RollupWidth.Minute));
        Assert.Equal(("sérvice-日本", "/ünïcode/{id}/😀"), (endpoint.Key.Service, endpoint.Key.Endpoint));
        Assert.Equal("user:zoë", Assert.Single(await ReadDayAsync(RollupKind.Consumer, RollupWidth.Minute)).Key.Consumer);
    }
}

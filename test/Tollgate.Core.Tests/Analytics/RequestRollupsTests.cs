using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RequestRollupsTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 10, 59, 59, 999, TimeSpan.Zero);

    [Fact]
    public void One_request_counts_in_an_endpoint_a_consumer_and_a_service_cell_at_each_width()
    {
        var rollups = new RequestRollups();

        rollups.Add(Record(At, 503, 2_000));

        Assert.Equal(9, rollups.Cells.Count);
        Assert.DoesNotContain(rollups.Cells.Keys, k => k.Kind == RollupKind.Service && k.Width == RollupWidth.Minute);
        var fiveMinutes = Assert.Single(rollups.Cells.Keys, k => k.Width == RollupWidth.FiveMinutes);
        Assert.Equal((RollupKind.Service, At.AddTicks(-At.Ticks % (5 * TimeSpan.TicksPerMinute))), (fiveMinutes.Kind, fiveMinutes.Bucket));
        Assert.All(rollups.Cells.Values, c => Assert.Equal((1L, 1L, 1L, 2_000L), (c.Count, c.Errors, c.ServerErrors, c.DurationSumMicroseconds)));
        var endpoint = rollups.Cells.Keys.Single(k => k.Kind == RollupKind.Endpoint && k.Width == RollupWidth.Minute);
        Assert.Equal(new RollupKey("t", RollupKind.Endpoint, RollupWidth.Minute, At.AddTicks(-At.Ticks % TimeSpan.TicksPerMinute), "svc", "/a/{id}", "GET", 5, ""), endpoint);
        var consumer = rollups.Cells.Keys.Single(k => k.Kind == RollupKind.Consumer && k.Width == RollupWidth.Day);
        Assert.Equal(new RollupKey("t", RollupKind.Consumer, RollupWidth.Day, At.Date, "svc", "", "", 0, "key:1"), consumer);
        var service = rollups.Cells.Keys.Single(k => k.Kind == RollupKind.Service && k.Width == RollupWidth.Hour);
        Assert.Equal(new RollupKey("t", RollupKind.Service, RollupWidth.Hour, At.AddTicks(-At.Ticks % TimeSpan.TicksPerHour), "svc", "", "", 5, ""), service);
    }

    [Fact]
    public void Requests_of_one_bucket_share_a_cell_and_the_next_millisecond_starts_a_new_hour()
    {
        var rollups = new RequestRollups();

        rollups.Add(Record(At, 200, 10));
        rollups.Add(Record(At.AddMilliseconds(-500), 404, 30));
        rollups.Add(Record(At.AddMilliseconds(1), 200, 20));

        var hours = rollups.Cells.Where(c => c.Key.Kind == RollupKind.Consumer && c.Key.Width == RollupWidth.Hour).ToDictionary(c => c.Key.Bucket.Hour, c => c.Value);
        Assert.Equal((2L, 1L, 10L, 30L), (hours[10].Count, hours[10].Errors, hours[10].DurationMinMicroseconds, hours[10].DurationMaxMicroseconds));
        Assert.Equal(1, hours[11].Count);
        Assert.Equal(3, rollups.Requests);

        rollups.Clear();
        Assert.Empty(rollups.Cells);
        Assert.Equal(0, rollups.Requests);
    }

    [Theory]
    [InlineData(99, 0)]
    [InlineData(100, 1)]
    [InlineData(204, 2)]
    [InlineData(399, 3)]
    [InlineData(400, 4)]
    [InlineData(599, 5)]
    [InlineData(600, 0)]
    public void Status_classes(int status, int expected) => Assert.Equal(expected, RequestRollups.StatusClassOf(status));

    [Fact]
    public void Cells_add_up_and_keep_extremes()
    {
        var a = new RollupCell();
        a.Add(200, 100, 1, 2);
        var b = new RollupCell();
        b.Add(500, 7, 3, 4);
        b.Add(200, 900, 0, 0);

        a.Add(b);

        Assert.Equal((3L, 1L, 1L, 1_007L, 7L, 900L, 4L, 6L), (a.Count, a.Errors, a.ServerErrors, a.DurationSumMicroseconds, a.DurationMinMicroseconds, a.DurationMaxMicroseconds, a.RequestBytes, a.ResponseBytes));
        Assert.Equal(3, a.Sketch!.Count);
    }

    [Fact]
    public void An_empty_cell_takes_the_sketch_of_what_it_adds_and_a_cell_read_without_one_stays_without()
    {
        var source = new RollupCell();
        source.Add(200, 50, 0, 0);

        var empty = new RollupCell();
        empty.Add(source);
        var withoutSketch = new RollupCell { Count = 1, DurationSumMicroseconds = 5, DurationMinMicroseconds = 5, DurationMaxMicroseconds = 5 };
        withoutSketch.Add(source);

        Assert.Equal(1, empty.Sketch!.Count);
        Assert.Null(withoutSketch.Sketch);
        Assert.Equal(2, withoutSketch.Count);
    }

    private static RequestRecord Record(DateTimeOffset timestamp, int status, long duration) => new()
    {
        Id = Guid.CreateVersion7(timestamp),
        TenantId = "t",
        Timestamp = timestamp,
        Service = "svc",
        Method = "GET",
        Path = "/a/123",
        Status = status,
        DurationMicroseconds = duration,
        Principal = "key:1",
    };
}

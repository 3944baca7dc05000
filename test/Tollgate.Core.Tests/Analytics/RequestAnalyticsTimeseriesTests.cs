using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RequestAnalyticsTimeseriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, TimeSpan.Zero);
    private static readonly DateTimeOffset Ten = new(2026, 3, 9, 10, 0, 0, TimeSpan.Zero);

    private readonly RequestRecordFactory records = new();
    private readonly InMemoryRollupStore store = new();
    private readonly RequestAnalytics analytics;

    public RequestAnalyticsTimeseriesTests() => analytics = new RequestAnalytics(store, new RequestAnalyticsTests.FixedClock(Now), new RollupOptions());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_bucket_is_present_with_zero_counts_and_null_latencies_when_empty()
    {
        store.Add([At(Ten.AddMinutes(1), "/a", 200, 4_000), At(Ten.AddMinutes(1).AddSeconds(30), "/a", 500, 8_000)]);

        var counts = await SeriesAsync(Ten, Ten.AddMinutes(4), AnalyticsInterval.OneMinute, AnalyticsMetric.Count);
        var latencies = await SeriesAsync(Ten, Ten.AddMinutes(4), AnalyticsInterval.OneMinute, AnalyticsMetric.AvgLatency);
        var rates = await SeriesAsync(Ten, Ten.AddMinutes(4), AnalyticsInterval.OneMinute, AnalyticsMetric.ErrorRate);
        var bytes = await SeriesAsync(Ten, Ten.AddMinutes(4), AnalyticsInterval.OneMinute, AnalyticsMetric.Bytes);

        Assert.Equal([Ten, Ten.AddMinutes(1), Ten.AddMinutes(2), Ten.AddMinutes(3)], counts.Buckets);
        var series = Assert.Single(counts.Series);
        Assert.Equal((null, null, null, null, null, 2L), (series.Service, series.Method, series.Endpoint, series.StatusClass, series.Consumer, series.Total));
        Assert.Equal([0, 2, 0, 0], series.Values);
        Assert.Equal([null, 6.0, null, null], Assert.Single(latencies.Series).Values);
        Assert.Equal([null, 50.0, null, null], Assert.Single(rates.Series).Values);
        Assert.Equal([0, 1_200, 0, 0], Assert.Single(bytes.Series).Values);
    }

    [Fact]
    public async Task Ungrouped_series_exists_even_without_requests()
    {
        var result = await SeriesAsync(Ten, Ten.AddHours(3), AnalyticsInterval.OneHour, AnalyticsMetric.P95);

        var series = Assert.Single(result.Series);
        Assert.Equal([null, null, null], series.Values);
        Assert.Equal(1, result.TotalSeries);
    }

    [Fact]
    public async Task Request_a_millisecond_before_the_hour_lands_in_the_previous_hour_and_minute()
    {
        store.Add([At(Ten.AddHours(1).AddMilliseconds(-1), "/a", 200), At(Ten.AddHours(1), "/a", 200), At(Ten.AddHours(1), "/a", 200)]);

        var hours = await SeriesAsync(Ten, Ten.AddHours(2), AnalyticsInterval.OneHour, AnalyticsMetric.Count);
        var minutes = await SeriesAsync(Ten.AddMinutes(58), Ten.AddMinutes(62), AnalyticsInterval.OneMinute, AnalyticsMetric.Count);

        Assert.Equal([1, 2], Assert.Single(hours.Series).Values);
        Assert.Equal([0, 1, 2, 0], Assert.Single(minutes.Series).Values);
    }

    [Fact]
    public async Task Five_minute_buckets_read_five_minute_service_rows()
    {
        store.Add([At(Ten, "/a", 200), At(Ten.AddMinutes(4).AddSeconds(59), "/a", 200), At(Ten.AddMinutes(5), "/a", 200)]);

        var result = await SeriesAsync(Ten, Ten.AddMinutes(15), AnalyticsInterval.FiveMinutes, AnalyticsMetric.Count);

        Assert.Equal([2, 1, 0], Assert.Single(result.Series).Values);
        Assert.Equal([(RollupKind.Service, RollupWidth.FiveMinutes)], store.Queries.Select(q => (q.Kind, q.Width)));
    }

    [Fact]
    public async Task Five_minute_buckets_by_endpoint_add_up_their_minutes()
    {
        store.Add([At(Ten, "/a", 200), At(Ten.AddMinutes(4).AddSeconds(59), "/a", 200), At(Ten.AddMinutes(5), "/a", 200)]);

        var result = await SeriesAsync(Ten, Ten.AddMinutes(15), AnalyticsInterval.FiveMinutes, AnalyticsMetric.Count, AnalyticsGrouping.Endpoint);

        Assert.Equal([2, 1, 0], Assert.Single(result.Series).Values);
        Assert.Equal([(RollupKind.Endpoint, RollupWidth.Minute)], store.Queries.Select(q => (q.Kind, q.Width)));
    }

    [Fact]
    public async Task Day_buckets_read_day_rows()
    {
        store.Add([At(Ten, "/a", 200), At(Ten.AddDays(-1), "/a", 200), At(Ten.AddDays(-1), "/a", 404)]);

        var result = await SeriesAsync(Ten.AddDays(-3), Ten, AnalyticsInterval.OneDay, AnalyticsMetric.Errors);

        Assert.Equal([0, 0, 1, 0], Assert.Single(result.Series).Values);
        Assert.Equal(Ten.Date.AddDays(-3), result.From.UtcDateTime);
        Assert.Equal([RollupWidth.Day], store.Queries.Select(q => q.Width));
    }

    [Fact]
    public async Task Grouped_series_are_ranked_by_requests_and_cut_at_the_limit()
    {
        store.Add(
        [
            At(Ten, "/a", 200), At(Ten, "/a", 200), At(Ten, "/a", 404),
            At(Ten, "/b", 200),
            At(Ten, "/c", 500), At(Ten.AddHours(1), "/c", 200),
        ]);

        var byEndpoint = await SeriesAsync(Ten, Ten.AddHours(2), AnalyticsInterval.OneHour, AnalyticsMetric.Count, AnalyticsGrouping.Endpoint, limit: 2);
        var byClass = await SeriesAsync(Ten, Ten.AddHours(2), AnalyticsInterval.OneHour, AnalyticsMetric.Count, AnalyticsGrouping.StatusClass);
        var byService = await SeriesAsync(Ten, Ten.AddHours(2), AnalyticsInterval.OneHour, AnalyticsMetric.Count, AnalyticsGrouping.Service);

        Assert.Equal(
            [("shop", "GET", "/a", 3L, new double?[] { 3, 0 }), ("shop", "GET", "/c", 2L, [1, 1])],
            byEndpoint.Series.Select(s => (s.Service, s.Method, s.Endpoint, s.Total, s.Values.ToArray())));
        Assert.Equal(3, byEndpoint.TotalSeries);
        Assert.Equal([(2, 4L), (4, 1L), (5, 1L)], byClass.Series.Select(s => (s.StatusClass!.Value, s.Total)));
        Assert.Equal([("shop", 6L)], byService.Series.Select(s => (s.Service!, s.Total)));
    }

    [Fact]
    public async Task Consumer_series_read_consumer_rows_with_anonymous_callers_as_null()
    {
        store.Add([At(Ten, "/a", 200, principal: "key:1"), At(Ten, "/b", 200, principal: null), At(Ten, "/b", 200, principal: null)]);

        var result = await SeriesAsync(Ten, Ten.AddHours(1), AnalyticsInterval.OneHour, AnalyticsMetric.Count, AnalyticsGrouping.Consumer);

        Assert.Equal([(null, 2L), ("key:1", 1L)], result.Series.Select(s => (s.Consumer, s.Total)));
        Assert.Equal([RollupKind.Consumer], store.Queries.Select(q => q.Kind));
    }

    [Fact]
    public async Task Percentile_series_read_sketches_and_others_do_not()
    {
        store.Add([At(Ten, "/a", 200, 10_000), At(Ten, "/a", 200, 20_000), At(Ten, "/a", 200, 30_000)]);

        var p99 = await SeriesAsync(Ten, Ten.AddHours(1), AnalyticsInterval.OneHour, AnalyticsMetric.P99);
        await SeriesAsync(Ten, Ten.AddHours(1), AnalyticsInterval.OneHour, AnalyticsMetric.AvgLatency);

        Assert.Equal([30.0], Assert.Single(p99.Series).Values);
        Assert.Equal([true, false], store.Queries.Select(q => q.IncludeSketches));
    }

    [Fact]
    public async Task Service_narrows_the_series()
    {
        store.Add([At(Ten, "/a", 200), At(Ten, "/a", 200) with { Service = "billing" }]);
        var plan = analytics.PlanTimeseries(Ten, Ten.AddHours(1), AnalyticsInterval.OneHour);

        var result = await analytics.TimeseriesAsync("t1", new TimeseriesQuery(plan, AnalyticsMetric.Count, AnalyticsGrouping.Service, 10, "billing"), Cancel);

        Assert.Equal([("billing", 1L)], result.Series.Select(s => (s.Service!, s.Total)));
    }

    [Fact]
    public async Task Refused_plan_is_not_computed()
    {
        var plan = analytics.PlanTimeseries(Now.AddDays(-10), Now.AddDays(-9), AnalyticsInterval.OneMinute);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            analytics.TimeseriesAsync("t1", new TimeseriesQuery(plan, AnalyticsMetric.Count, AnalyticsGrouping.None, 10), Cancel));
        Assert.Empty(store.Queries);
    }

    [Theory]
    [InlineData(AnalyticsGrouping.None, AnalyticsInterval.FiveMinutes, RollupKind.Service)]
    [InlineData(AnalyticsGrouping.Service, AnalyticsInterval.OneHour, RollupKind.Service)]
    [InlineData(AnalyticsGrouping.StatusClass, AnalyticsInterval.FiveMinutes, RollupKind.Service)]
    [InlineData(AnalyticsGrouping.None, AnalyticsInterval.OneMinute, RollupKind.Endpoint)]
    [InlineData(AnalyticsGrouping.Service, AnalyticsInterval.OneMinute, RollupKind.Endpoint)]
    [InlineData(AnalyticsGrouping.StatusClass, AnalyticsInterval.OneMinute, RollupKind.Endpoint)]
    [InlineData(AnalyticsGrouping.Endpoint, AnalyticsInterval.FiveMinutes, RollupKind.Endpoint)]
    [InlineData(AnalyticsGrouping.Consumer, AnalyticsInterval.OneMinute, RollupKind.Consumer)]
    public async Task A_series_reads_the_kind_of_row_with_the_fewest_rows_that_has_its_grouping_and_interval(AnalyticsGrouping groupBy, AnalyticsInterval interval, RollupKind kind)
    {
        store.Add([At(Ten.AddMinutes(1), "/a", 200, 4_000), At(Ten.AddMinutes(1), "/b", 503, 9_000), At(Ten.AddMinutes(2), "/b", 404, 1_000, principal: null)]);

        var result = await SeriesAsync(Ten, Ten.AddHours(1), interval, AnalyticsMetric.Count, groupBy);

        Assert.Equal(kind, Assert.Single(store.Queries).Kind);
        Assert.Equal(3L, result.Series.Sum(s => s.Total));
        var counts = result.Series.Aggregate(new double[result.Buckets.Count], (sum, s) => [.. sum.Zip(s.Values, (a, b) => a + (b ?? 0))]);
        Assert.Equal(interval == AnalyticsInterval.OneMinute ? [0, 2, 1] : [3], counts[..(interval == AnalyticsInterval.OneMinute ? 3 : 1)]);
        Assert.Equal(3, counts.Sum());
    }

    [Theory]
    [InlineData(AnalyticsGrouping.None, RollupDimensions.None, RollupWidth.FiveMinutes)]
    [InlineData(AnalyticsGrouping.Service, RollupDimensions.Service, RollupWidth.FiveMinutes)]
    [InlineData(AnalyticsGrouping.StatusClass, RollupDimensions.StatusClass, RollupWidth.FiveMinutes)]
    [InlineData(AnalyticsGrouping.Endpoint, RollupDimensions.Service | RollupDimensions.Endpoint, RollupWidth.Minute)]
    [InlineData(AnalyticsGrouping.Consumer, RollupDimensions.Consumer, RollupWidth.Minute)]
    public async Task A_series_has_the_store_merge_rows_into_its_buckets_and_groups(AnalyticsGrouping groupBy, RollupDimensions dimensions, RollupWidth width)
    {
        store.Add([At(Ten.AddMinutes(1), "/a", 200, 4_000), At(Ten.AddMinutes(7), "/b", 503, 9_000)]);

        var result = await SeriesAsync(Ten, Ten.AddMinutes(10), AnalyticsInterval.FiveMinutes, AnalyticsMetric.Count, groupBy);

        var query = Assert.Single(store.Queries);
        Assert.Equal((300L, dimensions, width), (query.BucketSeconds, query.Dimensions, query.Width));
        Assert.Equal([1, 1], result.Series.Aggregate(new double?[2], (sum, s) => [.. sum.Zip(s.Values, (a, b) => (a ?? 0) + b)]));
    }

    private async Task<TimeseriesResult> SeriesAsync(
        DateTimeOffset from, DateTimeOffset to, AnalyticsInterval interval, AnalyticsMetric metric, AnalyticsGrouping groupBy = AnalyticsGrouping.None, int limit = 10)
    {
        var plan = analytics.PlanTimeseries(from, to, interval);
        Assert.Equal(TimeseriesRefusal.None, plan.Refusal);
        return await analytics.TimeseriesAsync("t1", new TimeseriesQuery(plan, metric, groupBy, limit), Cancel);
    }

    private RequestRecord At(DateTimeOffset timestamp, string endpoint, int status, long microseconds = 1_000, string? principal = "key:ci") =>
        records.Next("t1") with
        {
            Timestamp = timestamp,
            Service = "shop",
            Method = "GET",
            RouteTemplate = endpoint,
            Status = status,
            DurationMicroseconds = microseconds,
            Principal = principal,
            RequestBytes = 100,
            ResponseBytes = 500,
        };
}

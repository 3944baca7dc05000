using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

public sealed class AnalyticsTimeseriesTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Request_a_millisecond_before_eleven_and_one_at_eleven_land_in_different_buckets()
    {
        var service = Api.Unique("svc");
        var eleven = factory.Yesterday.AddHours(11);
        await AnalyticsHttp.ReportAsync(client, service,
        [
            new(eleven.AddMilliseconds(-1), "GET", "/a", 200, 1_000),
            new(eleven, "GET", "/a", 200, 3_000),
            new(eleven, "GET", "/a", 500, 5_000),
        ]);

        var hours = await AnalyticsHttp.GetAsync(client, "timeseries", AnalyticsHttp.Range(service, eleven.AddHours(-1), eleven.AddHours(1)) + "&interval=1h");
        var minutes = await AnalyticsHttp.GetAsync(client, "timeseries", AnalyticsHttp.Range(service, eleven.AddMinutes(-2), eleven.AddMinutes(2)) + "&interval=1m");
        var latencies = await AnalyticsHttp.GetAsync(client, "timeseries", AnalyticsHttp.Range(service, eleven.AddMinutes(-2), eleven.AddMinutes(2)) + "&interval=1m&metric=avg_latency");

        Assert.Equal([AnalyticsHttp.Timestamp(eleven.AddHours(-1)), AnalyticsHttp.Timestamp(eleven)], Strings(hours.GetProperty("buckets")));
        Assert.Equal([1.0, 2.0], Values(hours));
        Assert.Equal(
            [AnalyticsHttp.Timestamp(eleven.AddMinutes(-2)), AnalyticsHttp.Timestamp(eleven.AddMinutes(-1)), AnalyticsHttp.Timestamp(eleven), AnalyticsHttp.Timestamp(eleven.AddMinutes(1))],
            Strings(minutes.GetProperty("buckets")));
        Assert.Equal([0.0, 1.0, 2.0, 0.0], Values(minutes));
        Assert.Equal([null, 1.0, 4.0, null], Values(latencies));
        Assert.Equal(("count", "1m", false, "none"), (minutes.GetProperty("metric").GetString(), minutes.GetProperty("interval").GetString(), minutes.GetProperty("interval_chosen").GetBoolean(), minutes.GetProperty("group_by").GetString()));
    }

    [Fact]
    public async Task Series_are_grouped_ranked_by_requests_and_cut_at_the_limit()
    {
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        await AnalyticsHttp.ReportAsync(client, service,
        [
            new(ten.AddMinutes(1), "GET", "/a", 200, 1_000, "key:1"),
            new(ten.AddMinutes(2), "GET", "/a", 201, 1_000, "key:1"),
            new(ten.AddHours(1), "GET", "/a", 404, 1_000, "key:2"),
            new(ten.AddHours(1), "POST", "/b/12", 503, 1_000),
            new(ten.AddHours(2), "POST", "/b/13", 502, 1_000, RequestBytes: 300, ResponseBytes: 20),
            new(ten.AddHours(2), "DELETE", "/c", 204, 1_000, "key:2"),
        ]);
        var range = AnalyticsHttp.Range(service, ten, ten.AddHours(3)) + "&interval=1h";

        var byEndpoint = await AnalyticsHttp.GetAsync(client, "timeseries", range + "&group_by=endpoint&limit=2");
        var byClass = await AnalyticsHttp.GetAsync(client, "timeseries", range + "&group_by=status_class&metric=errors");
        var byConsumer = await AnalyticsHttp.GetAsync(client, "timeseries", range + "&group_by=consumer&metric=error_rate");
        var byService = await AnalyticsHttp.GetAsync(client, "timeseries", range + "&group_by=service&metric=bytes");

        Assert.Equal(
            [("GET", "/a", 3L, new double?[] { 2, 1, 0 }), ("POST", "/b/{id}", 2L, [0, 1, 1])],
            AnalyticsHttp.Items(byEndpoint, "series").Select(s => (s.GetProperty("method").GetString(), s.GetProperty("endpoint").GetString(), s.GetProperty("total").GetInt64(), Values(s).ToArray())));
        Assert.Equal(3, byEndpoint.GetProperty("total_series").GetInt32());
        Assert.All(AnalyticsHttp.Items(byEndpoint, "series"), s => Assert.Equal(service, s.GetProperty("service").GetString()));
        Assert.Equal(
            [("2xx", 3L, new double?[] { 0, 0, 0 }), ("5xx", 2L, [0, 1, 1]), ("4xx", 1L, [0, 1, 0])],
            AnalyticsHttp.Items(byClass, "series").Select(s => (s.GetProperty("status_class").GetString(), s.GetProperty("total").GetInt64(), Values(s).ToArray())));
        Assert.Equal(
            [(null, 2L, new double?[] { null, 100, 100 }), ("key:1", 2L, [0, null, null]), ("key:2", 2L, [null, 100, 0])],
            AnalyticsHttp.Items(byConsumer, "series").Select(s => (s.GetProperty("consumer").GetString(), s.GetProperty("total").GetInt64(), Values(s).ToArray())));
        var all = Assert.Single(AnalyticsHttp.Items(byService, "series"));
        Assert.Equal(service, all.GetProperty("service").GetString());
        Assert.Equal([2_000, 2_000, 1_320], Values(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("endpoint").ValueKind);
    }

    [Fact]
    public async Task Interval_is_chosen_by_the_length_of_the_range_and_reported()
    {
        var service = Api.Unique("svc");
        var now = factory.Now;

        var sixHours = await AnalyticsHttp.GetAsync(client, "timeseries", $"service={service}&hours=6");
        var day = await AnalyticsHttp.GetAsync(client, "timeseries", $"service={service}");
        var month = await AnalyticsHttp.GetAsync(client, "timeseries", $"service={service}&hours=720");
        var year = await AnalyticsHttp.GetAsync(client, "timeseries", $"service={service}&hours=8784");

        Assert.Equal(
            [("1m", true, 361), ("5m", true, 289), ("1h", true, 721), ("1d", true, 367)],
            new[] { sixHours, day, month, year }.Select(s => (s.GetProperty("interval").GetString(), s.GetProperty("interval_chosen").GetBoolean(), s.GetProperty("buckets").GetArrayLength())));
        Assert.Equal(289, Assert.Single(AnalyticsHttp.Items(day, "series")).GetProperty("values").GetArrayLength());
        Assert.All(Values(Assert.Single(AnalyticsHttp.Items(day, "series"))), v => Assert.Equal(0, v));
        Assert.Equal(AnalyticsHttp.Timestamp(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1)), month.GetProperty("to").GetString());
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static List<double?> Values(JsonElement answerOrSeries) =>
        [.. (answerOrSeries.TryGetProperty("series", out var series) ? series.EnumerateArray().Single() : answerOrSeries)
            .GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble())];
}

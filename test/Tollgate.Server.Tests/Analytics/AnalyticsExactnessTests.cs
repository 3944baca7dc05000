using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>Counts, error rates, extremes and means are exact, whatever mix of minute, hour and day rollups a range reads.</summary>
public sealed class AnalyticsExactnessTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Seed_endpoints_are_answered_exactly_by_every_operation()
    {
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        await AnalyticsHttp.ReportAsync(client, service, SeedFixture(ten));
        var range = AnalyticsHttp.Range(service, ten, ten.AddHours(1));

        var summary = await AnalyticsHttp.GetAsync(client, "summary", range);
        var mostUsed = await AnalyticsHttp.GetAsync(client, "most-used", range + "&limit=3");
        var errorRates = await AnalyticsHttp.GetAsync(client, "error-rates", range);
        var responseTimes = await AnalyticsHttp.GetAsync(client, "response-times", range);

        // 7 requests; 404, 500 and 503 are errors, 3/7 = 42.857…%; (10+20+30+100+300+5+1)/7 ms = 66.571428… ms.
        Assert.Equal(
            (AnalyticsHttp.Timestamp(ten), AnalyticsHttp.Timestamp(ten.AddHours(1)), 7L, 3L, 2L, 42.86, 66.571, 4),
            (summary.GetProperty("from").GetString(), summary.GetProperty("to").GetString(), summary.GetProperty("total").GetInt64(),
                summary.GetProperty("errors").GetInt64(), summary.GetProperty("server_errors").GetInt64(), summary.GetProperty("error_rate").GetDouble(),
                summary.GetProperty("avg_latency_ms").GetDouble(), summary.GetProperty("unique_endpoints").GetInt32()));
        Assert.Equal(
            [(service, "/users", "GET", 3L), (service, "/orders", "POST", 2L), (service, "/orders/{id}", "DELETE", 1L)],
            AnalyticsHttp.Items(mostUsed, "endpoints").Select(e => (e.GetProperty("service").GetString(), e.GetProperty("endpoint").GetString(), e.GetProperty("method").GetString(), e.GetProperty("count").GetInt64())));
        Assert.Equal(
            [("DELETE", "/orders/{id}", 1L, 1L, 1L, 100.0), ("POST", "/orders", 2L, 1L, 1L, 50.0), ("GET", "/users", 3L, 1L, 0L, 33.33), ("GET", "/orders/{id}", 1L, 0L, 0L, 0.0)],
            AnalyticsHttp.Items(errorRates, "endpoints").Select(e => (e.GetProperty("method").GetString(), e.GetProperty("endpoint").GetString(), e.GetProperty("total").GetInt64(),
                e.GetProperty("errors").GetInt64(), e.GetProperty("server_errors").GetInt64(), e.GetProperty("error_rate").GetDouble())));
        Assert.Equal(
            [("POST", "/orders", 2L, 200.0, 100.0, 300.0), ("GET", "/users", 3L, 20.0, 10.0, 30.0), ("GET", "/orders/{id}", 1L, 5.0, 5.0, 5.0), ("DELETE", "/orders/{id}", 1L, 1.0, 1.0, 1.0)],
            AnalyticsHttp.Items(responseTimes, "endpoints").Select(e => (e.GetProperty("method").GetString(), e.GetProperty("endpoint").GetString(), e.GetProperty("count").GetInt64(),
                e.GetProperty("avg_latency_ms").GetDouble(), e.GetProperty("min_latency_ms").GetDouble(), e.GetProperty("max_latency_ms").GetDouble())));

        // A single request's percentiles are its latency; /users' p50 is its second of three, within 1%.
        var single = AnalyticsHttp.Items(responseTimes, "endpoints")[2];
        Assert.Equal((5.0, 5.0, 5.0), (single.GetProperty("p50_latency_ms").GetDouble(), single.GetProperty("p95_latency_ms").GetDouble(), single.GetProperty("p99_latency_ms").GetDouble()));
        var users = AnalyticsHttp.Items(responseTimes, "endpoints")[1];
        Assert.InRange(users.GetProperty("p50_latency_ms").GetDouble(), 19.8, 20.2);
        Assert.Equal(30.0, users.GetProperty("p99_latency_ms").GetDouble());
    }

    [Fact]
    public async Task Consumers_are_answered_exactly_with_anonymous_callers_together()
    {
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        await AnalyticsHttp.ReportAsync(client, service, SeedFixture(ten));

        var consumers = await AnalyticsHttp.GetAsync(client, "consumers", AnalyticsHttp.Range(service, ten, ten.AddHours(1)));

        Assert.Equal(
            [("key:ci", 4L, 2L, 1L, 50.0, 110.0, 600L, 4_000L), (null, 2L, 1L, 1L, 50.0, 10.5, 0L, 2_000L), ("user:ada", 1L, 0L, 0L, 0.0, 5.0, 0L, 1_000L)],
            AnalyticsHttp.Items(consumers, "consumers").Select(c => (c.GetProperty("consumer").GetString(), c.GetProperty("requests").GetInt64(), c.GetProperty("errors").GetInt64(),
                c.GetProperty("server_errors").GetInt64(), c.GetProperty("error_rate").GetDouble(), c.GetProperty("avg_latency_ms").GetDouble(),
                c.GetProperty("request_bytes").GetInt64(), c.GetProperty("response_bytes").GetInt64())));
        var ada = AnalyticsHttp.Items(consumers, "consumers")[2];
        Assert.Equal((5.0, 5.0, 5.0), (ada.GetProperty("p50_latency_ms").GetDouble(), ada.GetProperty("p95_latency_ms").GetDouble(), ada.GetProperty("p99_latency_ms").GetDouble()));
    }

    [Fact]
    public async Task Range_across_the_minute_and_hour_switch_counts_exactly_what_lies_inside()
    {
        var service = Api.Unique("svc");
        var day = factory.Yesterday;
        SentRequest[] outside =
        [
            new(day.AddHours(10).AddMinutes(30).AddTicks(-10), "GET", "/a", 200, 7_000),
            new(day.AddHours(13).AddMinutes(30), "GET", "/a", 500, 9_000),
        ];
        SentRequest[] inside =
        [
            new(day.AddHours(10).AddMinutes(30), "GET", "/a", 200, 1_000),
            new(day.AddHours(10).AddMinutes(59).AddSeconds(59).AddMilliseconds(999), "POST", "/b", 404, 2_500),
            new(day.AddHours(11), "GET", "/a", 503, 40_000),
            new(day.AddHours(12).AddMinutes(15), "GET", "/c/17", 200, 3_333),
            new(day.AddHours(13).AddMinutes(29).AddSeconds(59).AddMilliseconds(999), "GET", "/a", 200, 12),
        ];
        await AnalyticsHttp.ReportAsync(client, service, [.. outside, .. inside]);

        var summary = await AnalyticsHttp.GetAsync(client, "summary", AnalyticsHttp.Range(service, day.AddHours(10).AddMinutes(30), day.AddHours(13).AddMinutes(30)));
        var responseTimes = await AnalyticsHttp.GetAsync(client, "response-times", AnalyticsHttp.Range(service, day.AddHours(10).AddMinutes(30), day.AddHours(13).AddMinutes(30)));

        AnalyticsHttp.AssertSummary(inside, summary);
        var a = AnalyticsHttp.Items(responseTimes, "endpoints").Single(e => e.GetProperty("endpoint").GetString() == "/a");
        Assert.Equal((3L, 0.012, 40.0), (a.GetProperty("count").GetInt64(), a.GetProperty("min_latency_ms").GetDouble(), a.GetProperty("max_latency_ms").GetDouble()));
    }

    [Fact]
    public async Task Ranges_of_several_days_equal_the_exact_answer()
    {
        var service = Api.Unique("svc");
        var random = new Random(6);
        var start = factory.Yesterday.AddDays(-5);
        string[] paths = ["/users", "/orders", "/orders/1", "/orders/2", "/items/9"];
        int[] statuses = [200, 200, 201, 204, 400, 404, 500, 503];
        var sent = Enumerable.Range(0, 3_000)
            .Select(_ => new SentRequest(
                start.AddTicks(random.NextInt64(TimeSpan.FromDays(6).Ticks) / 10 * 10),
                random.Next(4) == 0 ? "POST" : "GET",
                paths[random.Next(paths.Length)],
                statuses[random.Next(statuses.Length)],
                random.NextInt64(100, 3_000_000)))
            .ToList();
        await AnalyticsHttp.ReportAsync(client, service, sent);

        (DateTimeOffset From, DateTimeOffset To)[] ranges =
        [
            (start.AddDays(1).AddHours(10).AddMinutes(30), start.AddDays(4).AddHours(13).AddMinutes(30)),
            (start, start.AddDays(6)),
            (start.AddHours(23).AddMinutes(59), start.AddDays(2).AddMinutes(1)),
            (start.AddDays(2).AddHours(5).AddMinutes(7).AddSeconds(31), start.AddDays(5).AddHours(22).AddMinutes(58).AddSeconds(2)),
        ];
        foreach (var (from, to) in ranges)
        {
            var summary = await AnalyticsHttp.GetAsync(client, "summary", AnalyticsHttp.Range(service, from, to));

            // Aligned outward to whole minutes: the answer covers exactly [from, to) as it reports them.
            var effectiveFrom = DateTimeOffset.Parse(summary.GetProperty("from").GetString()!, CultureInfo);
            var effectiveTo = DateTimeOffset.Parse(summary.GetProperty("to").GetString()!, CultureInfo);
            Assert.True(effectiveFrom <= from && from - effectiveFrom < TimeSpan.FromMinutes(1));
            Assert.True(effectiveTo >= to && effectiveTo - to < TimeSpan.FromMinutes(1));
            AnalyticsHttp.AssertSummary([.. sent.Where(r => r.At >= effectiveFrom && r.At < effectiveTo)], summary);
        }
    }

    [Fact]
    public async Task Range_older_than_the_minute_retention_is_answered_by_whole_hours_and_says_so()
    {
        var service = Api.Unique("svc");
        var day = factory.Yesterday.AddDays(-8);
        SentRequest[] sent =
        [
            new(day.AddHours(10).AddMinutes(10), "GET", "/a", 200, 1_000),
            new(day.AddHours(10).AddMinutes(40), "GET", "/a", 500, 2_000),
            new(day.AddHours(12), "GET", "/a", 200, 3_000),
            new(day.AddHours(13).AddMinutes(50), "GET", "/a", 200, 4_000),
            new(day.AddHours(14), "GET", "/a", 200, 5_000),
        ];
        await AnalyticsHttp.ReportAsync(client, service, sent);

        var summary = await AnalyticsHttp.GetAsync(client, "summary", AnalyticsHttp.Range(service, day.AddHours(10).AddMinutes(30), day.AddHours(13).AddMinutes(30)));

        Assert.Equal(AnalyticsHttp.Timestamp(day.AddHours(10)), summary.GetProperty("from").GetString());
        Assert.Equal(AnalyticsHttp.Timestamp(day.AddHours(14)), summary.GetProperty("to").GetString());
        AnalyticsHttp.AssertSummary(sent[..4], summary);
    }

    [Fact]
    public async Task Hours_count_back_from_the_servers_clock_and_to_moves_the_window()
    {
        var service = Api.Unique("svc");
        var now = factory.Now;
        SentRequest[] sent =
        [
            new(now.AddMinutes(-5), "GET", "/a", 200, 1_000),
            new(now.AddHours(-23), "GET", "/a", 200, 1_000),
            new(now.AddHours(-25), "GET", "/a", 200, 1_000),
            new(now.AddHours(-47), "GET", "/a", 200, 1_000),
        ];
        await AnalyticsHttp.ReportAsync(client, service, sent);

        var byDefault = await AnalyticsHttp.GetAsync(client, "summary", $"service={service}");
        var wider = await AnalyticsHttp.GetAsync(client, "summary", $"service={service}&hours=26");
        var earlier = await AnalyticsHttp.GetAsync(client, "summary", $"service={service}&hours=2&to={Uri.EscapeDataString(AnalyticsHttp.Timestamp(now.AddHours(-24)))}");

        Assert.Equal(2, byDefault.GetProperty("total").GetInt64());
        Assert.Equal(3, wider.GetProperty("total").GetInt64());
        Assert.Equal(1, earlier.GetProperty("total").GetInt64());
        Assert.Equal(AnalyticsHttp.Timestamp(Ceiling(now)), byDefault.GetProperty("to").GetString());
        Assert.Equal(AnalyticsHttp.Timestamp(Floor(now.AddHours(-24))), byDefault.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Redelivered_batch_is_not_counted_twice()
    {
        var service = Api.Unique("svc");
        var ten = factory.Yesterday.AddHours(10);
        var batch = SeedFixture(ten);

        await AnalyticsHttp.ReportAsync(client, service, batch);
        await AnalyticsHttp.ReportAsync(client, service, batch);
        await AnalyticsHttp.ReportAsync(client, service, batch[2..5]);

        var summary = await AnalyticsHttp.GetAsync(client, "summary", AnalyticsHttp.Range(service, ten, ten.AddHours(1)));
        var consumers = await AnalyticsHttp.GetAsync(client, "consumers", AnalyticsHttp.Range(service, ten, ten.AddHours(1)));
        var series = await AnalyticsHttp.GetAsync(client, "timeseries", AnalyticsHttp.Range(service, ten, ten.AddHours(1)) + "&interval=1h");

        AnalyticsHttp.AssertSummary(batch, summary);
        Assert.Equal(7, AnalyticsHttp.Items(consumers, "consumers").Sum(c => c.GetProperty("requests").GetInt64()));
        Assert.Equal(7, AnalyticsHttp.Items(series, "series").Single().GetProperty("total").GetInt64());
    }

    private static readonly System.Globalization.CultureInfo CultureInfo = System.Globalization.CultureInfo.InvariantCulture;

    private static DateTimeOffset Floor(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset value) => Floor(value) == value ? value : Floor(value).AddMinutes(1);

    /// <summary>
    /// Seed 004's four endpoints by hand: 7 requests in the hour from <paramref name="hour"/>, 3 errors (2 of them server
    /// errors), consumers <c>key:ci</c> (4), anonymous (2) and <c>user:ada</c> (1).
    /// </summary>
    internal static SentRequest[] SeedFixture(DateTimeOffset hour) =>
    [
        new(hour.AddMinutes(1), "GET", "/users", 200, 10_000, "key:ci"),
        new(hour.AddMinutes(2), "GET", "/users", 200, 20_000),
        new(hour.AddMinutes(3), "GET", "/users", 404, 30_000, "key:ci"),
        new(hour.AddMinutes(4), "POST", "/orders", 201, 100_000, "key:ci", RequestBytes: 600),
        new(hour.AddMinutes(5), "POST", "/orders", 500, 300_000, "key:ci"),
        new(hour.AddMinutes(6), "GET", "/orders/7", 200, 5_000, "user:ada"),
        new(hour.AddMinutes(59).AddSeconds(59).AddMilliseconds(999), "DELETE", "/orders/42", 503, 1_000),
    ];
}

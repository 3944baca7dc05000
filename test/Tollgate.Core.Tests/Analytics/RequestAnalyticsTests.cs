using Tollgate.Core.Analytics;
using Tollgate.Core.Requests;
using Tollgate.Testing;

namespace Tollgate.Core.Tests.Analytics;

public sealed class RequestAnalyticsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 56, TimeSpan.Zero);
    private static readonly DateTimeOffset Hour = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly RequestRecordFactory records = new();
    private readonly InMemoryRollupStore store = new();
    private readonly RequestAnalytics analytics;

    public RequestAnalyticsTests() => analytics = new RequestAnalytics(store, new FixedClock(Now), new RollupOptions());

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summary_is_exact_on_the_four_seed_endpoints()
    {
        store.Add(SeedFixture());

        var summary = await analytics.SummarizeAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), Cancel);

        // 7 requests: 404, 500 and 503 are errors; (10+20+30+100+300+5+1)/7 ms = 66.571428… ms.
        Assert.Equal((Hour, Hour.AddHours(1)), (summary.From, summary.To));
        Assert.Equal((7L, 3L, 2L, 42.86, 66.571), (summary.Figures.Count, summary.Figures.Errors, summary.Figures.ServerErrors, summary.Figures.ErrorRate, summary.Figures.AvgLatencyMs!.Value));
        Assert.Equal(4, summary.UniqueEndpoints);
        Assert.Null(summary.Figures.P50LatencyMs);
    }

    [Fact]
    public async Task Summary_of_an_empty_range_has_no_average_and_a_zero_error_rate()
    {
        var summary = await analytics.SummarizeAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), Cancel);

        Assert.Equal((0L, 0.0, (double?)null, 0), (summary.Figures.Count, summary.Figures.ErrorRate, summary.Figures.AvgLatencyMs, summary.UniqueEndpoints));
    }

    [Fact]
    public async Task Most_used_ranks_by_requests_then_by_name_and_keeps_the_limit()
    {
        store.Add(SeedFixture());

        var top = await analytics.MostUsedAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 3, Cancel);

        Assert.Equal(
            [("GET", "/users", 3L), ("POST", "/orders", 2L), ("DELETE", "/orders/{id}", 1L)],
            top.Items.Select(e => (e.Method, e.Endpoint, e.Figures.Count)));
    }

    [Fact]
    public async Task Error_rates_rank_by_rate_then_by_requests()
    {
        store.Add(SeedFixture());

        var rates = await analytics.ErrorRatesAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 100, Cancel);

        Assert.Equal(
            [
                ("DELETE", "/orders/{id}", 1L, 1L, 1L, 100.0),
                ("POST", "/orders", 2L, 1L, 1L, 50.0),
                ("GET", "/users", 3L, 1L, 0L, 33.33),
                ("GET", "/orders/{id}", 1L, 0L, 0L, 0.0),
            ],
            rates.Items.Select(e => (e.Method, e.Endpoint, e.Figures.Count, e.Figures.Errors, e.Figures.ServerErrors, e.Figures.ErrorRate)));
    }

    [Fact]
    public async Task Equal_error_rates_rank_the_busier_endpoint_first()
    {
        store.Add([At(Hour, "/a", 500), At(Hour, "/a", 200), At(Hour, "/b", 500), At(Hour, "/b", 500), At(Hour, "/b", 200), At(Hour, "/b", 200)]);

        var rates = await analytics.ErrorRatesAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 100, Cancel);

        Assert.Equal([("/b", 50.0), ("/a", 50.0)], rates.Items.Select(e => (e.Endpoint, e.Figures.ErrorRate)));
    }

    [Fact]
    public async Task Response_times_rank_by_mean_with_exact_extremes()
    {
        store.Add(SeedFixture());

        var times = await analytics.ResponseTimesAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 100, Cancel);

        Assert.Equal(
            [
                ("/orders", 200.0, 100.0, 300.0),
                ("/users", 20.0, 10.0, 30.0),
                ("/orders/{id}", 5.0, 5.0, 5.0),
                ("/orders/{id}", 1.0, 1.0, 1.0),
            ],
            times.Items.Select(e => (e.Endpoint, e.Figures.AvgLatencyMs!.Value, e.Figures.MinLatencyMs!.Value, e.Figures.MaxLatencyMs!.Value)));
        var single = times.Items[2].Figures;
        Assert.Equal((5.0, 5.0, 5.0), (single.P50LatencyMs!.Value, single.P95LatencyMs!.Value, single.P99LatencyMs!.Value));
    }

    [Fact]
    public async Task Percentiles_are_within_one_percent_of_the_exact_nearest_rank()
    {
        var random = new Random(20_000);
        var latencies = new long[20_000];
        for (var i = 0; i < latencies.Length; i++)
        {
            // Lognormal: median e^9.6 µs ≈ 15 ms, σ = 1.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            latencies[i] = (long)Math.Exp(9.6 + normal);
        }

        store.Add(latencies.Select((l, i) => At(Hour.AddMilliseconds(i * 100), "/orders", 200, l)));

        var figures = (await analytics.ResponseTimesAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 10, Cancel)).Items.Single().Figures;

        Array.Sort(latencies);
        foreach (var (q, actual) in new[] { (0.50, figures.P50LatencyMs), (0.95, figures.P95LatencyMs), (0.99, figures.P99LatencyMs) })
        {
            var exact = latencies[(int)Math.Ceiling(q * latencies.Length) - 1] / 1000.0;
            Assert.True(Math.Abs(actual!.Value - exact) <= (exact * 0.01) + 0.0005, $"p{q * 100}: {actual} ms, exact {exact} ms");
        }

        Assert.Equal((latencies[0] / 1000.0, latencies[^1] / 1000.0), (figures.MinLatencyMs!.Value, figures.MaxLatencyMs!.Value));
    }

    [Fact]
    public async Task Consumers_rank_by_requests_with_anonymous_callers_together()
    {
        store.Add(SeedFixture());

        var consumers = await analytics.ConsumersAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), 100, Cancel);

        Assert.Equal(
            [("key:ci", 4L, 2L, 1L, 50.0, 110.0, 600L, 4_000L), (null, 2L, 1L, 1L, 50.0, 10.5, 0L, 2_000L), ("user:ada", 1L, 0L, 0L, 0.0, 5.0, 0L, 1_000L)],
            consumers.Items.Select(c => (c.Consumer, c.Figures.Count, c.Figures.Errors, c.Figures.ServerErrors, c.Figures.ErrorRate, c.Figures.AvgLatencyMs!.Value, c.Figures.RequestBytes, c.Figures.ResponseBytes)));

        // Anonymous: 1 ms and 20 ms, so p50 is the first by nearest rank and p99 the second, each within 1%.
        var anonymous = consumers.Items[1].Figures;
        Assert.InRange(anonymous.P50LatencyMs!.Value, 1.0, 1.01);
        Assert.InRange(anonymous.P99LatencyMs!.Value, 19.8, 20.0);
    }

    [Fact]
    public async Task Service_narrows_every_operation()
    {
        store.Add(SeedFixture());
        store.Add([At(Hour, "/users", 200) with { Service = "billing" }]);

        var all = await analytics.SummarizeAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1)), Cancel);
        var billing = await analytics.SummarizeAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1), "billing"), Cancel);
        var consumers = await analytics.ConsumersAsync("t1", new AnalyticsQuery(Hour, Hour.AddHours(1), "billing"), 100, Cancel);

        Assert.Equal((8L, 5), (all.Figures.Count, all.UniqueEndpoints));
        Assert.Equal((1L, 1), (billing.Figures.Count, billing.UniqueEndpoints));
        Assert.Equal([("key:ci", 1L)], consumers.Items.Select(c => (c.Consumer, c.Figures.Count)));
    }

    [Fact]
    public async Task Another_tenants_rollups_are_never_counted()
    {
        store.Add(SeedFixture());

        var other = await analytics.SummarizeAsync("t2", new AnalyticsQuery(Hour, Hour.AddHours(1)), Cancel);

        Assert.Equal(0, other.Figures.Count);
    }

    [Fact]
    public async Task Only_percentile_operations_read_sketches()
    {
        var query = new AnalyticsQuery(Hour.AddMinutes(30), Hour.AddHours(2).AddMinutes(30));

        await analytics.SummarizeAsync("t1", query, Cancel);
        await analytics.MostUsedAsync("t1", query, 10, Cancel);
        await analytics.ErrorRatesAsync("t1", query, 10, Cancel);
        var withoutSketches = store.Queries;
        store.ClearQueries();
        await analytics.ResponseTimesAsync("t1", query, 10, Cancel);
        await analytics.ConsumersAsync("t1", query, 10, Cancel);

        Assert.Equal(9, withoutSketches.Count);
        Assert.All(withoutSketches, q => Assert.False(q.IncludeSketches));
        Assert.All(store.Queries, q => Assert.True(q.IncludeSketches));
        Assert.Equal([RollupKind.Endpoint, RollupKind.Endpoint, RollupKind.Endpoint, RollupKind.Consumer, RollupKind.Consumer, RollupKind.Consumer], store.Queries.Select(q => q.Kind));
    }

    [Fact]
    public async Task Each_segment_is_read_merged_into_one_row_per_endpoint_or_consumer()
    {
        var query = new AnalyticsQuery(Hour.AddMinutes(30), Hour.AddHours(2).AddMinutes(30));

        await analytics.MostUsedAsync("t1", query, 10, Cancel);
        await analytics.ConsumersAsync("t1", query, 10, Cancel);

        Assert.All(store.Queries, q => Assert.Equal((q.To - q.From).Ticks / TimeSpan.TicksPerSecond, q.BucketSeconds));
        Assert.Equal(
            [.. Enumerable.Repeat(RollupDimensions.Service | RollupDimensions.Endpoint, 3), .. Enumerable.Repeat(RollupDimensions.Consumer, 3)],
            store.Queries.Select(q => q.Dimensions));
    }

    [Fact]
    public async Task Ranges_across_minutes_hours_and_days_equal_the_exact_answer()
    {
        var random = new Random(11);
        var start = Now.AddDays(-6);
        var all = Enumerable.Range(0, 5_000).Select(_ => Random(random, start, Now)).ToList();
        store.Add(all);

        for (var i = 0; i < 200; i++)
        {
            var from = start.AddSeconds(random.NextInt64(0, 5L * 86_400)).AddTicks(random.Next(0, 600_000_000));
            var to = from.AddSeconds(random.NextInt64(60, 3L * 86_400)).AddTicks(random.Next(0, 600_000_000));
            var service = random.Next(3) == 0 ? "billing" : null;

            var summary = await analytics.SummarizeAsync("t1", new AnalyticsQuery(from, to, service), Cancel);

            // Aligned outward to whole minutes, all within the minute retention: exact.
            Assert.Equal(Floor(from), summary.From);
            Assert.Equal(Ceiling(to), summary.To);
            AssertExact(all.Where(r => r.Timestamp >= summary.From && r.Timestamp < summary.To && (service is null || r.Service == service)), summary);
        }
    }

    [Fact]
    public async Task Range_older_than_the_minute_retention_is_exact_over_its_widened_hours()
    {
        var start = Now.AddDays(-20);
        var random = new Random(12);
        var all = Enumerable.Range(0, 3_000).Select(_ => Random(random, start, Now)).ToList();
        store.Add(all);
        store.DropMinutesBefore(Now.AddDays(-7));
        var from = new DateTimeOffset(2026, 2, 25, 10, 30, 0, TimeSpan.Zero);

        var summary = await analytics.SummarizeAsync("t1", new AnalyticsQuery(from, from.AddDays(2).AddHours(3)), Cancel);

        Assert.Equal((from.AddMinutes(-30), from.AddDays(2).AddHours(3).AddMinutes(30)), (summary.From, summary.To));
        AssertExact(all.Where(r => r.Timestamp >= summary.From && r.Timestamp < summary.To), summary);
    }

    private static void AssertExact(IEnumerable<RequestRecord> expected, AnalyticsSummary summary)
    {
        var list = expected.ToList();
        var figures = summary.Figures;
        Assert.Equal(list.Count, figures.Count);
        Assert.Equal(list.Count(r => r.Status >= 400), figures.Errors);
        Assert.Equal(list.Count(r => r.Status >= 500), figures.ServerErrors);
        Assert.Equal(list.Select(r => (r.Service, r.Method, EndpointNames.Of(r))).Distinct().Count(), summary.UniqueEndpoints);
        if (list.Count > 0)
        {
            var average = (double)Math.Round((decimal)list.Sum(r => r.DurationMicroseconds) / list.Count / 1000m, 3, MidpointRounding.AwayFromZero);
            Assert.Equal(average, figures.AvgLatencyMs);
            Assert.Equal(list.Min(r => r.DurationMicroseconds) / 1000.0, figures.MinLatencyMs);
            Assert.Equal(list.Max(r => r.DurationMicroseconds) / 1000.0, figures.MaxLatencyMs);
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset value) => Floor(value) == value ? value : Floor(value).AddMinutes(1);

    private RequestRecord Random(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        string[] endpoints = ["/users", "/orders", "/orders/{id}", "/items/{id}"];
        int[] statuses = [200, 200, 200, 201, 204, 404, 429, 500, 503];
        return records.Next("t1") with
        {
            Timestamp = from.AddTicks(random.NextInt64((to - from).Ticks) / 10 * 10),
            Service = random.Next(3) == 0 ? "billing" : "shop",
            Method = random.Next(4) == 0 ? "POST" : "GET",
            RouteTemplate = endpoints[random.Next(endpoints.Length)],
            Status = statuses[random.Next(statuses.Length)],
            DurationMicroseconds = random.NextInt64(50, 2_000_000),
            Principal = random.Next(5) == 0 ? null : $"key:{random.Next(4)}",
        };
    }

    private RequestRecord At(DateTimeOffset timestamp, string endpoint, int status, long microseconds = 1_000, string method = "GET", string? principal = "key:ci") =>
        records.Next("t1") with
        {
            Timestamp = timestamp,
            Service = "shop",
            Method = method,
            RouteTemplate = endpoint,
            Status = status,
            DurationMicroseconds = microseconds,
            Principal = principal,
            RequestBytes = 0,
            ResponseBytes = 1_000,
        };

    /// <summary>Seed 004's four endpoints, by hand: 7 requests, 3 errors (2 server errors), 4 endpoints, 3 consumers.</summary>
    private List<RequestRecord> SeedFixture() =>
    [
        At(Hour.AddMinutes(1), "/users", 200, 10_000),
        At(Hour.AddMinutes(2), "/users", 200, 20_000, principal: null),
        At(Hour.AddMinutes(3), "/users", 404, 30_000),
        At(Hour.AddMinutes(4), "/orders", 201, 100_000, "POST") with { RequestBytes = 600 },
        At(Hour.AddMinutes(5), "/orders", 500, 300_000, "POST"),
        At(Hour.AddMinutes(6), "/orders/{id}", 200, 5_000, principal: "user:ada"),
        At(Hour.AddMinutes(59).AddSeconds(59), "/orders/{id}", 503, 1_000, "DELETE", principal: null),
    ];

    /// <summary>A clock that always says <paramref name="now"/>.</summary>
    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

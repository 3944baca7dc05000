using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>Percentiles from merged latency sketches stay within 2% of the exact nearest rank, over many buckets.</summary>
public sealed class AnalyticsPercentileTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    private static readonly double[] Quantiles = [0.50, 0.95, 0.99];

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Percentiles_of_a_lognormal_data_set_are_within_2_percent_of_the_exact_nearest_rank()
    {
        var service = Api.Unique("svc");
        var random = new Random(2_000);
        var start = factory.Yesterday.AddHours(9).AddMinutes(17);
        var sent = Enumerable.Range(0, 20_000)
            .Select(i => new SentRequest(
                start.AddMilliseconds(i * 1_250),
                "GET",
                i % 4 == 0 ? "/orders" : "/users",
                i % 50 == 0 ? 500 : 200,
                Lognormal(random, i % 4 == 0 ? 10.5 : 9.2, 0.9),
                i % 3 == 0 ? null : $"key:{i % 2}"))
            .ToList();
        await AnalyticsHttp.ReportAsync(client, service, sent);

        // 20,000 requests over about 7 hours: minute edges, hour rows, and the merge of hundreds of sketches.
        var range = AnalyticsHttp.Range(service, start.AddMinutes(-17), start.AddHours(8));
        var responseTimes = await AnalyticsHttp.GetAsync(client, "response-times", range);
        var consumers = await AnalyticsHttp.GetAsync(client, "consumers", range);
        var timeseries = await AnalyticsHttp.GetAsync(client, "timeseries", range + "&interval=1d&metric=p95&group_by=endpoint");

        foreach (var endpoint in AnalyticsHttp.Items(responseTimes, "endpoints"))
        {
            var exact = sent.Where(r => r.Path == endpoint.GetProperty("endpoint").GetString()).ToList();
            Assert.Equal(exact.Count, endpoint.GetProperty("count").GetInt64());
            AssertPercentiles(exact, endpoint);
        }

        foreach (var consumer in AnalyticsHttp.Items(consumers, "consumers"))
        {
            var name = consumer.GetProperty("consumer").GetString();
            AssertPercentiles([.. sent.Where(r => r.Principal == name)], consumer);
        }

        foreach (var series in AnalyticsHttp.Items(timeseries, "series"))
        {
            var exact = AnalyticsHttp.NearestRankMs(sent.Where(r => r.Path == series.GetProperty("endpoint").GetString()), 0.95);
            var value = series.GetProperty("values").EnumerateArray().Single(v => v.ValueKind != System.Text.Json.JsonValueKind.Null).GetDouble();
            Assert.True(Math.Abs(value - exact) <= exact * 0.02, $"timeseries p95 {value} ms, exact {exact} ms");
        }
    }

    private static void AssertPercentiles(List<SentRequest> exact, System.Text.Json.JsonElement answer)
    {
        foreach (var quantile in Quantiles)
        {
            var expected = AnalyticsHttp.NearestRankMs(exact, quantile);
            var actual = answer.GetProperty($"p{quantile * 100:0}_latency_ms").GetDouble();
            Assert.True(Math.Abs(actual - expected) <= expected * 0.02, $"p{quantile * 100:0}: {actual} ms, exact {expected} ms");
        }
    }

    /// <summary>A lognormal latency in whole microseconds: e^(μ + σ·N(0, 1)).</summary>
    private static long Lognormal(Random random, double mu, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Max(1, (long)Math.Exp(mu + (sigma * normal)));
    }
}

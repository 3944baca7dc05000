using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Analytics;

public sealed class AnalyticsOpenApiTests(AnalyticsFactory factory) : IClassFixture<AnalyticsFactory>
{
    [Fact]
    public async Task OpenApi_document_describes_the_analytics_endpoints_with_their_parameters_and_members()
    {
        var document = await Api.GetJsonAsync(factory.CreateClient(), "/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var operations = AnalyticsHttp.Endpoints.ToDictionary(e => e, e => paths.GetProperty($"{AnalyticsHttp.Prefix}/{e}").GetProperty("get"));
        Assert.Equal(
            ["GetAnalyticsSummary", "GetMostUsedEndpoints", "GetEndpointErrorRates", "GetEndpointResponseTimes", "GetConsumerUsage", "GetAnalyticsTimeseries"],
            operations.Values.Select(o => o.GetProperty("operationId").GetString()));
        Assert.All(operations.Values, o =>
        {
            Assert.Superset(new HashSet<string> { "hours", "from", "to", "service" }, Parameters(o));
            Assert.True(o.GetProperty("responses").TryGetProperty("400", out _));
            Assert.True(o.TryGetProperty("security", out _));
        });
        Assert.Superset(new HashSet<string> { "limit" }, Parameters(operations["most-used"]));
        Assert.Superset(new HashSet<string> { "metric", "interval", "group_by", "limit" }, Parameters(operations["timeseries"]));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Superset(
            new HashSet<string> { "from", "to", "total", "errors", "server_errors", "error_rate", "avg_latency_ms", "unique_endpoints" },
            Members(schemas, "AnalyticsSummaryResponse"));
        Assert.Superset(
            new HashSet<string> { "endpoint", "method", "count", "avg_latency_ms", "min_latency_ms", "max_latency_ms", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms" },
            Members(schemas, "EndpointResponseTimes"));
        Assert.Superset(new HashSet<string> { "buckets", "series", "interval", "interval_chosen", "total_series" }, Members(schemas, "TimeseriesResponse"));
    }

    private static HashSet<string> Parameters(System.Text.Json.JsonElement operation) =>
        [.. operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private static HashSet<string> Members(System.Text.Json.JsonElement schemas, string name) =>
        [.. schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name)];
}

using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

public sealed class RequestsOpenApiTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task OpenApi_document_describes_the_requests_endpoints_with_their_members()
    {
        var document = await Api.GetJsonAsync(client, "/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var list = paths.GetProperty("/api/requests").GetProperty("get");
        var get = paths.GetProperty("/api/requests/{id}").GetProperty("get");
        var report = paths.GetProperty("/api/v1/requests").GetProperty("post");
        Assert.Equal("ListRequests", list.GetProperty("operationId").GetString());
        Assert.Equal("GetRequest", get.GetProperty("operationId").GetString());
        Assert.Equal("ReportRequests", report.GetProperty("operationId").GetString());
        Assert.Superset(
            new HashSet<string> { "limit", "hours", "from", "to", "service", "route", "method", "status", "path_prefix", "request_id", "trace_id", "principal", "cursor" },
            list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet());
        Assert.True(report.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(report.GetProperty("responses").TryGetProperty("413", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Superset(
            new HashSet<string> { "id", "endpoint", "method", "status_code", "latency_ms", "timestamp", "ip_address", "user_agent", "has_detail", "request_headers", "response_body" },
            schemas.GetProperty("RequestDetailResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.Superset(
            new HashSet<string> { "timestamp", "service", "method", "path", "status", "latency_ms" },
            schemas.GetProperty("RequestReport").GetProperty("required").EnumerateArray().Select(p => p.GetString()!).ToHashSet());
    }
}

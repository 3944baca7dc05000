using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OpenApi;

public sealed class OpenApiTests(TollgateFactory factory) : IClassFixture<TollgateFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint()
    {
        var document = await Api.GetJsonAsync(client, "/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "POST /events", "GET /events",
                "POST /api/v1/logs", "GET /api/v1/logs", "POST /api/v1/logs/bulk", "GET /api/v1/logs/export",
                "GET /api/v1/logs/stats", "DELETE /api/v1/logs/cleanup", "GET /api/v1/logs/verify",
                "GET /api/v1/logs/{id}", "PUT /api/v1/logs/{id}", "PATCH /api/v1/logs/{id}",
                "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout", "GET /api/v1/auth/me",
                "GET /api/v1/tenants", "POST /api/v1/tenants", "GET /api/v1/users", "POST /api/v1/users",
                "GET /api/v1/keys", "POST /api/v1/keys", "DELETE /api/v1/keys/{id}",
            },
            operations);
    }

    [Fact]
    public async Task OpenApi_document_is_public_and_requires_credentials_on_protected_operations_only()
    {
        using var anonymous = factory.CreateAnonymousClient();
        var document = await Api.GetJsonAsync(anonymous, "/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/logs").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/v1/auth/login").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task OpenApi_document_describes_stored_events_with_their_real_members()
    {
        var document = await Api.GetJsonAsync(client, "/openapi/v1.json");

        var auditEvent = document.GetProperty("components").GetProperty("schemas").GetProperty("AuditEvent");
        var members = auditEvent.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "sequence", "hash", "id", "tenant_id", "timestamp", "received_at", "user_id", "event_type", "src_service", "amends" }, members);
        var search = document.GetProperty("paths").GetProperty("/api/v1/logs").GetProperty("get");
        Assert.Equal("SearchAuditEvents", search.GetProperty("operationId").GetString());
        Assert.Contains(search.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "cursor");
        var create = document.GetProperty("paths").GetProperty("/api/v1/logs").GetProperty("post");
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
        Assert.Equal("#/components/schemas/AuditEvent", create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Reference_page_serves_its_script_from_the_server_not_a_cdn()
    {
        using var page = await client.GetAsync("/docs/", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"scalar.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        using var script = await client.GetAsync("/docs/scalar.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 100_000);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

/// <summary>Reported headers, queries and bodies are redacted by the gateway's capture rules (<c>Gateway:Capture</c>).</summary>
public sealed class RedactionTests(RedactionTests.Factory factory) : IClassFixture<RedactionTests.Factory>
{
    private const string Mask = "[REDACTED]";
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Reported_password_field_and_authorization_header_are_redacted()
    {
        var record = RequestsHttp.Record(Api.Unique("svc"), method: "POST", path: "/login");
        record["request_headers"] = new JsonArray(
            new JsonObject { ["name"] = "Authorization", ["value"] = "Bearer s3cr3t-t0ken-value" },
            new JsonObject { ["name"] = "Cookie", ["value"] = "session=abc123" },
            new JsonObject { ["name"] = "X-Internal-Secret", ["value"] = "unknown-header-value" },
            new JsonObject { ["name"] = "Content-Type", ["value"] = "application/json" });
        record["request_body"] = new JsonObject
        {
            ["content_type"] = "application/json",
            ["text"] = """{"user":"ada","password":"hunter2","profile":{"api_key":"k-123","city":"Paris"}}""",
        };

        var stored = await ReportAndGetAsync(record);

        Assert.Equal(
            [Mask, Mask, Mask, "application/json"],
            stored.GetProperty("request_headers").EnumerateArray().Select(h => h.GetProperty("value").GetString()));
        var text = stored.GetProperty("request_body").GetProperty("text").GetString()!;
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("k-123", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("ada", body.RootElement.GetProperty("user").GetString());
        Assert.Equal(Mask, body.RootElement.GetProperty("password").GetString());
        Assert.Equal(Mask, body.RootElement.GetProperty("profile").GetProperty("api_key").GetString());
        Assert.Equal("Paris", body.RootElement.GetProperty("profile").GetProperty("city").GetString());
    }

    [Fact]
    public async Task Sensitive_query_parameters_and_url_headers_are_redacted()
    {
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["query"] = "?page=2&access_token=abc123&sig=xyz";
        record["response_headers"] = new JsonArray(new JsonObject { ["name"] = "Location", ["value"] = "https://example.com/cb?code=oauth-code&state=1" });

        var stored = await ReportAndGetAsync(record);

        Assert.Equal($"page=2&access_token={Mask}&sig={Mask}", stored.GetProperty("query").GetString());
        Assert.Equal($"https://example.com/cb?code={Mask}&state=1", stored.GetProperty("response_headers")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Secrets_in_text_bodies_and_allowed_headers_are_masked()
    {
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["request_headers"] = new JsonArray(new JsonObject { ["name"] = "Accept", ["value"] = $"text/plain, {Jwt}" });
        record["response_body"] = new JsonObject { ["content_type"] = "text/plain", ["text"] = $"card 4111 1111 1111 1111 and token {Jwt} end" };

        var stored = await ReportAndGetAsync(record);

        Assert.Equal($"text/plain, {Mask}", stored.GetProperty("request_headers")[0].GetProperty("value").GetString());
        Assert.Equal($"card {Mask} and token {Mask} end", stored.GetProperty("response_body").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Configured_json_fields_are_redacted_too()
    {
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["response_body"] = new JsonObject { ["content_type"] = "application/json", ["text"] = """{"email":"ada@example.com","name":"Ada"}""" };

        var stored = await ReportAndGetAsync(record);

        Assert.Equal($$"""{"email":"{{Mask}}","name":"Ada"}""", stored.GetProperty("response_body").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/octet-stream")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Body_of_a_type_the_gateway_does_not_capture_is_not_stored(string? contentType)
    {
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["request_body"] = new JsonObject { ["content_type"] = contentType, ["text"] = """{"password":"hunter2"}""" };
        record["response_body"] = new JsonObject { ["content_type"] = "text/plain", ["text"] = "kept" };

        var stored = await ReportAndGetAsync(record);

        Assert.True(stored.GetProperty("has_detail").GetBoolean());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("request_body").ValueKind);
        Assert.Equal("kept", stored.GetProperty("response_body").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Body_that_masks_make_longer_than_1_MiB_is_cut_at_a_character_and_marked_truncated()
    {
        const string Item = """{"pin":"1","note":"é"},""";
        var text = $"[{string.Concat(Enumerable.Repeat(Item, 1000 * 1024 / Encoding.UTF8.GetByteCount(Item)))}{{}}]";
        Assert.InRange(Encoding.UTF8.GetByteCount(text), 1000 * 1000, 1024 * 1024);
        var record = RequestsHttp.Record(Api.Unique("svc"));
        record["response_body"] = new JsonObject { ["content_type"] = "application/json", ["text"] = text };

        var stored = await ReportAndGetAsync(record);

        var body = stored.GetProperty("response_body");
        var kept = body.GetProperty("text").GetString()!;
        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.InRange(Encoding.UTF8.GetByteCount(kept), (1024 * 1024) - 3, 1024 * 1024);
        Assert.DoesNotContain("\"pin\":\"1\"", kept, StringComparison.Ordinal);
        Assert.StartsWith($$"""[{"pin":"{{Mask}}","note":"é"},""", kept, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', kept);
    }

    private async Task<JsonElement> ReportAndGetAsync(JsonObject record)
    {
        var id = await RequestsHttp.ReportOneAsync(client, record);
        return await Api.GetJsonAsync(client, $"{RequestsHttp.List}/{id}");
    }

    /// <summary>A server that also redacts the JSON member <c>email</c>.</summary>
    public sealed class Factory : TollgateFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["Gateway:Capture:RedactJsonFields:0"] = "email",
        };
    }
}

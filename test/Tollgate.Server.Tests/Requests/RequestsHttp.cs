using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Requests;

/// <summary>Small HTTP helpers for the requests API.</summary>
public static class RequestsHttp
{
    public const string List = "/api/requests";
    public const string Report = "/api/v1/requests";

    /// <summary>A valid reported request with only the required members (and the service tests filter on).</summary>
    public static JsonObject Record(string service, string timestamp = "2024-05-01T10:00:00Z", string method = "GET", string path = "/orders", int status = 200, double latencyMs = 12.5) => new()
    {
        ["timestamp"] = timestamp,
        ["service"] = service,
        ["method"] = method,
        ["path"] = path,
        ["status"] = status,
        ["latency_ms"] = latencyMs,
    };

    /// <summary>Reports a batch, asserting 201, and returns the ids the server answered.</summary>
    public static async Task<List<string>> ReportAsync(HttpClient client, IEnumerable<JsonNode> records)
    {
        var batch = new JsonArray([.. records]);
        using var response = await Api.PostAsync(client, Report, batch);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var ids = document.RootElement.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToList();
        Assert.Equal(batch.Count, document.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(batch.Count, ids.Count);
        return ids;
    }

    /// <summary>Reports one request and returns its id.</summary>
    public static async Task<string> ReportOneAsync(HttpClient client, JsonNode record) => (await ReportAsync(client, [record]))[0];

    /// <summary>One page of <c>GET /api/requests?<paramref name="query"/></c>, asserting 200.</summary>
    public static Task<JsonElement> PageAsync(HttpClient client, string query) => Api.GetJsonAsync(client, $"{List}?{query}");

    /// <summary>The requests of one page of <c>GET /api/requests?<paramref name="query"/></c>.</summary>
    public static async Task<List<JsonElement>> ListAsync(HttpClient client, string query) =>
        [.. (await PageAsync(client, query)).GetProperty("requests").EnumerateArray()];

    /// <summary>The ids of every request of <paramref name="service"/> since 1970, newest first.</summary>
    public static async Task<List<string>> IdsOfAsync(HttpClient client, string service) =>
        [.. (await ListAsync(client, $"service={service}&from=1970-01-01T00:00:00Z&limit=1000")).Select(r => r.GetProperty("id").GetString()!)];
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>Small HTTP helpers for the audit API.</summary>
public static class Api
{
    public const string Logs = "/api/v1/logs";

    /// <summary>A unique value, so tests sharing a database can filter to their own events.</summary>
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A valid V1 event body.</summary>
    public static JsonObject Event(string srcService, string userId = "u1", string eventType = "login", string? timestamp = null)
    {
        var body = new JsonObject
        {
            ["user_id"] = userId,
            ["event_type"] = eventType,
            ["src_service"] = srcService,
        };
        if (timestamp is not null)
        {
            body["timestamp"] = timestamp;
        }

        return body;
    }

    public static StringContent Json(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));

    public static StringContent Json(JsonNode node, string contentType = "application/json") => Json(node.ToJsonString(), contentType);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent? content, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, JsonNode body, string? idempotencyKey = null) =>
        SendAsync(client, HttpMethod.Post, url, Json(body), idempotencyKey);

    /// <summary>Posts one event and returns the stored event JSON, asserting 201.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, JsonNode body)
    {
        using var response = await PostAsync(client, Logs, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Posts a bulk call, asserting 201, and returns the response.</summary>
    public static async Task<JsonElement> CreateBulkAsync(HttpClient client, IEnumerable<JsonNode> events)
    {
        using var response = await PostAsync(client, Logs + "/bulk", new JsonArray([.. events]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Every event of one source service, oldest first, through the search API.</summary>
    public static async Task<List<JsonElement>> ListAsync(HttpClient client, string srcService)
    {
        var page = await GetJsonAsync(client, $"{Logs}?src_service={srcService}&order=asc&limit=1000");
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}

using System.Globalization;
using System.Text.Json;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Server.Tests.Requests;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>Small HTTP helpers for the analytics API, and the exact answers it must give for a set of requests.</summary>
public static class AnalyticsHttp
{
    public const string Prefix = "/api/analytics";

    /// <summary>The six analytics endpoints.</summary>
    public static readonly string[] Endpoints = ["summary", "most-used", "error-rates", "response-times", "consumers", "timeseries"];

    /// <summary>UTC with microseconds, as the API writes timestamps.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The query of an explicit range, for <paramref name="service"/>'s requests.</summary>
    public static string Range(string service, DateTimeOffset from, DateTimeOffset to) =>
        $"service={service}&from={Uri.EscapeDataString(Timestamp(from))}&to={Uri.EscapeDataString(Timestamp(to))}";

    /// <summary>Reports <paramref name="requests"/> for <paramref name="service"/> in batches of at most 1,000, asserting 201.</summary>
    public static async Task ReportAsync(HttpClient client, string service, IEnumerable<SentRequest> requests)
    {
        foreach (var batch in requests.Chunk(1_000))
        {
            await RequestsHttp.ReportAsync(client, batch.Select(r => r.ToJson(service)));
        }
    }

    /// <summary><c>GET /api/analytics/<paramref name="endpoint"/>?<paramref name="query"/></c>, asserting 200.</summary>
    public static Task<JsonElement> GetAsync(HttpClient client, string endpoint, string query) =>
        Api.GetJsonAsync(client, $"{Prefix}/{endpoint}?{query}");

    /// <summary>The members of a list answer's entries, by name.</summary>
    public static List<JsonElement> Items(JsonElement answer, string member) => [.. answer.GetProperty(member).EnumerateArray()];

    /// <summary>Errors per hundred requests to 2 decimals, as seed 004's SQL rounds them.</summary>
    public static double ErrorRate(IReadOnlyCollection<SentRequest> requests) =>
        (double)Math.Round(requests.Count(r => r.Status >= 400) * 100m / requests.Count, 2, MidpointRounding.AwayFromZero);

    /// <summary>The exact mean latency in milliseconds to the microsecond.</summary>
    public static double AverageMs(IReadOnlyCollection<SentRequest> requests) =>
        (double)Math.Round((decimal)requests.Sum(r => r.Microseconds) / requests.Count / 1000m, 3, MidpointRounding.AwayFromZero);

    /// <summary>The exact latency of nearest rank <paramref name="quantile"/> in milliseconds.</summary>
    public static double NearestRankMs(IEnumerable<SentRequest> requests, double quantile)
    {
        var sorted = requests.Select(r => r.Microseconds).Order().ToList();
        return sorted[Math.Max(1, (int)Math.Ceiling(quantile * sorted.Count)) - 1] / 1000.0;
    }

    /// <summary>Asserts that a summary answer is exactly what <paramref name="expected"/> gives.</summary>
    public static void AssertSummary(IReadOnlyCollection<SentRequest> expected, JsonElement summary)
    {
        Assert.Equal(expected.Count, summary.GetProperty("total").GetInt64());
        Assert.Equal(expected.Count(r => r.Status >= 400), summary.GetProperty("errors").GetInt64());
        Assert.Equal(expected.Count(r => r.Status >= 500), summary.GetProperty("server_errors").GetInt64());
        Assert.Equal(expected.Select(r => (r.Method, r.Endpoint)).Distinct().Count(), summary.GetProperty("unique_endpoints").GetInt32());
        if (expected.Count == 0)
        {
            Assert.Equal(0, summary.GetProperty("error_rate").GetDouble());
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("avg_latency_ms").ValueKind);
        }
        else
        {
            Assert.Equal(ErrorRate(expected), summary.GetProperty("error_rate").GetDouble());
            Assert.Equal(AverageMs(expected), summary.GetProperty("avg_latency_ms").GetDouble());
        }
    }
}

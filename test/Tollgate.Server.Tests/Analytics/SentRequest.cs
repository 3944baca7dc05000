using System.Text.Json.Nodes;

namespace Tollgate.Server.Tests.Analytics;

/// <summary>
/// A request a test reports through <c>POST /api/v1/requests</c>, kept to compute the exact answers analytics must give.
/// </summary>
/// <param name="At">When it started.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path as sent; analytics group it as <see cref="Endpoint"/>.</param>
/// <param name="Status">The status.</param>
/// <param name="Microseconds">The latency.</param>
/// <param name="Principal">Who called; null for anonymous.</param>
/// <param name="RequestBytes">Request body bytes.</param>
/// <param name="ResponseBytes">Response body bytes.</param>
public sealed record SentRequest(
    DateTimeOffset At,
    string Method,
    string Path,
    int Status,
    long Microseconds,
    string? Principal = null,
    long RequestBytes = 0,
    long ResponseBytes = 1_000)
{
    /// <summary>An id of its own, so reporting it again is a redelivery.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7(At);

    /// <summary>The endpoint analytics group the request under: the path with numeric segments folded to <c>{id}</c>.</summary>
    public string Endpoint => string.Join('/', Path.Split('/').Select(s => s.Length > 0 && s.All(char.IsAsciiDigit) ? "{id}" : s));

    /// <summary>The report body of the request for <paramref name="service"/>.</summary>
    public JsonObject ToJson(string service) => new()
    {
        ["id"] = Id.ToString(),
        ["timestamp"] = AnalyticsHttp.Timestamp(At),
        ["service"] = service,
        ["method"] = Method,
        ["path"] = Path,
        ["status"] = Status,
        ["latency_ms"] = Microseconds / 1000m,
        ["principal"] = Principal,
        ["request_bytes"] = RequestBytes,
        ["response_bytes"] = ResponseBytes,
    };
}

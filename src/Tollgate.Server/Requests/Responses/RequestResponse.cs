using Tollgate.Core.Audit;
using Tollgate.Core.Requests;

namespace Tollgate.Server.Requests.Responses;

/// <summary>
/// One request as <c>GET /api/requests</c> lists it. Keeps seed 004's member names (<c>endpoint</c>,
/// <c>status_code</c>, <c>latency_ms</c>, <c>timestamp</c>, <c>ip_address</c>, <c>user_agent</c>) so its clients
/// keep working, beside Tollgate's own.
/// </summary>
internal class RequestResponse(RequestRecord record)
{
    /// <summary>The request's id.</summary>
    public Guid Id { get; } = record.Id;

    /// <summary>When the request started: UTC, microseconds, <c>2024-01-01T00:00:00.000000Z</c>.</summary>
    public string Timestamp { get; } = AuditEventReader.Format(record.Timestamp);

    /// <summary>The service that answered.</summary>
    public string Service { get; } = record.Service;

    /// <summary>The gateway route id that matched; null when none did.</summary>
    public string? Route { get; } = record.Route;

    /// <summary>The route's path template, such as <c>/orders/{id}</c>; null when unknown.</summary>
    public string? RouteTemplate { get; } = record.RouteTemplate;

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; } = record.Method;

    /// <summary>The request path without the query (seed 004's name).</summary>
    public string Endpoint { get; } = record.Path;

    /// <summary>The query string without the leading <c>?</c>, sensitive values redacted; null when there was none.</summary>
    public string? Query { get; } = record.Query;

    /// <summary>The status sent to the client (seed 004's name).</summary>
    public int StatusCode { get; } = record.Status;

    /// <summary>Total time in milliseconds, to the microsecond (seed 004's name).</summary>
    public double LatencyMs { get; } = Milliseconds(record.DurationMicroseconds);

    /// <summary>Time spent waiting on the upstream in milliseconds; null when it was never called.</summary>
    public double? UpstreamLatencyMs { get; } = record.UpstreamDurationMicroseconds is { } upstream ? Milliseconds(upstream) : null;

    /// <summary>Request body bytes received.</summary>
    public long RequestBytes { get; } = record.RequestBytes;

    /// <summary>Response body bytes sent.</summary>
    public long ResponseBytes { get; } = record.ResponseBytes;

    /// <summary>The client's address (seed 004's name); null when unknown.</summary>
    public string? IpAddress { get; } = record.ClientIp;

    /// <summary>The User-Agent header; null when none was sent.</summary>
    public string? UserAgent { get; } = record.UserAgent;

    /// <summary>Who called (<c>key:…</c> or a token subject); null when anonymous or not reported.</summary>
    public string? Principal { get; } = record.Principal;

    /// <summary>The X-Request-ID of the exchange.</summary>
    public string? RequestId { get; } = record.RequestId;

    /// <summary>The W3C trace id.</summary>
    public string? TraceId { get; } = record.TraceId;

    /// <summary>The W3C span id.</summary>
    public string? SpanId { get; } = record.SpanId;

    /// <summary>Why the exchange failed at the gateway or upstream; null when it did not.</summary>
    public string? Error { get; } = record.Error;

    /// <summary>True when headers (and possibly bodies) are stored: <c>GET /api/requests/{id}</c> shows them.</summary>
    public bool HasDetail { get; } = record.HasDetail || record.Detail is not null;

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;
}

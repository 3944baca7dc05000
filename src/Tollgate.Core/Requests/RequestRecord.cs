namespace Tollgate.Core.Requests;

/// <summary>
/// One HTTP exchange, proxied by the gateway or reported by a service: the typed columns search and analytics
/// filter and group on. The optional <see cref="Detail"/> (headers and bodies, already redacted) is stored apart
/// from the row, so queries over many requests never read it.
/// </summary>
public sealed record RequestRecord
{
    /// <summary>The record's id (UUIDv7 when the gateway assigns it); writes are idempotent on it.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the request belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>When the request started, UTC, whole microseconds.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The service that answered: the gateway cluster id, or the name a reporting service gives itself.</summary>
    public required string Service { get; init; }

    /// <summary>The gateway route id that matched; null for reported requests without one.</summary>
    public string? Route { get; init; }

    /// <summary>The HTTP method, upper case.</summary>
    public required string Method { get; init; }

    /// <summary>The route's path template (<c>/orders/{id}</c>), the grouping key of analytics; null when unknown.</summary>
    public string? RouteTemplate { get; init; }

    /// <summary>The request path as received, without the query.</summary>
    public required string Path { get; init; }

    /// <summary>The query string without the leading <c>?</c>, with sensitive parameters redacted; null when absent.</summary>
    public string? Query { get; init; }

    /// <summary>The status sent to the client (the gateway's own 502/504 included).</summary>
    public required int Status { get; init; }

    /// <summary>Total time from the first byte received to the last byte sent, in microseconds.</summary>
    public required long DurationMicroseconds { get; init; }

    /// <summary>Time spent waiting on the upstream (request sent to response headers received), in microseconds; null when it was never called.</summary>
    public long? UpstreamDurationMicroseconds { get; init; }

    /// <summary>Request body bytes received from the client.</summary>
    public long RequestBytes { get; init; }

    /// <summary>Response body bytes sent to the client.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>The client's address (after trusted-proxy resolution); null when unknown.</summary>
    public string? ClientIp { get; init; }

    /// <summary>The User-Agent header, capped.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Who called: an API key id (<c>key:…</c>) or a token subject; null when anonymous.</summary>
    public string? Principal { get; init; }

    /// <summary>The X-Request-ID the exchange carried.</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id (32 lowercase hex characters).</summary>
    public string? TraceId { get; init; }

    /// <summary>The W3C span id of the gateway's span (16 lowercase hex characters).</summary>
    public string? SpanId { get; init; }

    /// <summary>Why the exchange failed at the gateway or upstream (for example <c>upstream-timeout: …</c>); null when it did not.</summary>
    public string? Error { get; init; }

    /// <summary>Headers and bodies, redacted; null for metadata-only capture, and in search results, which leave them out.</summary>
    public RequestDetail? Detail { get; init; }

    /// <summary>
    /// True when headers and bodies are stored for this request, also in search results that leave them out, so a
    /// client knows whether fetching the request by id shows more. Stores set it on reads; writers go by
    /// <see cref="Detail"/>.
    /// </summary>
    public bool HasDetail { get; init; }
}

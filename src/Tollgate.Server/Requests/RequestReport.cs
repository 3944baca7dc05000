using Tollgate.Server.Requests.Responses;

namespace Tollgate.Server.Requests;

/// <summary>
/// A request as a service reports it to <c>POST /api/v1/requests</c>. Any other member is refused. Describes the
/// OpenAPI schema only: bodies are read and validated by <see cref="RequestReportReader"/>.
/// </summary>
internal sealed class RequestReport
{
    /// <summary>A UUID of the reporter's choosing, so a resent batch is stored once; a UUIDv7 is assigned when left out.</summary>
    public Guid? Id { get; init; }

    /// <summary>If sent, the tenant the call acts for.</summary>
    public string? TenantId { get; init; }

    /// <summary>When the request started, RFC 3339 with an offset.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The service that answered (1 to 128 characters).</summary>
    public required string Service { get; init; }

    /// <summary>The route id, if the service has one (up to 128 characters).</summary>
    public string? Route { get; init; }

    /// <summary>The HTTP method, in any case; stored upper case.</summary>
    public required string Method { get; init; }

    /// <summary>The path template, such as <c>/orders/{id}</c> (up to 2,048 characters).</summary>
    public string? RouteTemplate { get; init; }

    /// <summary>The path as received, starting with <c>/</c>, without the query (up to 2,048 characters).</summary>
    public required string Path { get; init; }

    /// <summary>The query string, with or without its leading <c>?</c> (up to 4,096 characters); sensitive values are redacted.</summary>
    public string? Query { get; init; }

    /// <summary>The status sent to the client, 100 to 599.</summary>
    public required int Status { get; init; }

    /// <summary>Total time in milliseconds, fractions kept to the microsecond; 0 to 86,400,000.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>Time spent waiting on an upstream, in milliseconds.</summary>
    public double? UpstreamLatencyMs { get; init; }

    /// <summary>Request body bytes received; 0 when left out.</summary>
    public long? RequestBytes { get; init; }

    /// <summary>Response body bytes sent; 0 when left out.</summary>
    public long? ResponseBytes { get; init; }

    /// <summary>The client's IPv4 or IPv6 address.</summary>
    public string? ClientIp { get; init; }

    /// <summary>The User-Agent header (up to 512 characters).</summary>
    public string? UserAgent { get; init; }

    /// <summary>Who called, as the service knows it (up to 256 characters); null when left out.</summary>
    public string? Principal { get; init; }

    /// <summary>The request id (up to 128 printable ASCII characters, no spaces).</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id: 32 lowercase hex digits.</summary>
    public string? TraceId { get; init; }

    /// <summary>The W3C span id: 16 lowercase hex digits.</summary>
    public string? SpanId { get; init; }

    /// <summary>Why the exchange failed (up to 2,048 characters).</summary>
    public string? Error { get; init; }

    /// <summary>Request headers in order, repeats kept (at most 100; values up to 4,096 characters); sensitive values are redacted.</summary>
    public IReadOnlyList<HeaderField>? RequestHeaders { get; init; }

    /// <summary>Response headers, as for <see cref="RequestHeaders"/>.</summary>
    public IReadOnlyList<HeaderField>? ResponseHeaders { get; init; }

    /// <summary>The request body's text (at most 1 MiB of UTF-8); sensitive values are redacted.</summary>
    public BodyCapture? RequestBody { get; init; }

    /// <summary>The response body's text, as for <see cref="RequestBody"/>.</summary>
    public BodyCapture? ResponseBody { get; init; }
}

using System.Text.Json.Nodes;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// An audit event as a client sends it. Any other top-level member is kept as it came. <c>POST /events</c>
/// (seed 002) also requires <c>invariant_data</c> and <c>app_data</c>. Describes the OpenAPI schema only: bodies
/// are read and validated by the server's own reader.
/// </summary>
internal sealed class AuditEventInputSchema
{
    /// <summary>A UUID of the client's choosing; a retry with the same id returns the original event.</summary>
    public Guid? Id { get; init; }

    /// <summary>When the event happened, RFC 3339 with an offset; the time of receipt when left out.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The actor (1 to 256 characters).</summary>
    public required string UserId { get; init; }

    /// <summary>The action.</summary>
    public required string EventType { get; init; }

    /// <summary>The reporting service.</summary>
    public required string SrcService { get; init; }

    /// <summary>What the action was done to.</summary>
    public string? Target { get; init; }

    /// <summary>Free-text description (up to 16,384 characters).</summary>
    public string? Message { get; init; }

    /// <summary>The request id the event was reported under.</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id.</summary>
    public string? TraceId { get; init; }

    /// <summary>The W3C span id.</summary>
    public string? SpanId { get; init; }

    /// <summary>Attributes that do not change.</summary>
    public JsonObject? InvariantData { get; init; }

    /// <summary>Application attributes.</summary>
    public JsonObject? AppData { get; init; }
}

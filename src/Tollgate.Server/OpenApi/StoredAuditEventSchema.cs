using System.Text.Json.Nodes;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// A stored audit event as every API shows it: its sequence and hash, then the members of its canonical document,
/// including every extra member the client sent, as it came. Describes the OpenAPI schema only: responses splice
/// the stored bytes instead of serializing this type.
/// </summary>
internal class StoredAuditEventSchema
{
    /// <summary>Position in the tenant's hash chain, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>SHA-256 of the previous event's hash followed by this event's canonical document, lowercase hex.</summary>
    public required string Hash { get; init; }

    /// <summary>The event id (UUIDv7 unless the client supplied one).</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the event belongs to.</summary>
    public required string TenantId { get; init; }

    /// <summary>When the event happened (UTC, microseconds); the time of receipt when the client gave none.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When Tollgate received the event (UTC, microseconds).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The actor.</summary>
    public required string UserId { get; init; }

    /// <summary>The action.</summary>
    public required string EventType { get; init; }

    /// <summary>The reporting service.</summary>
    public required string SrcService { get; init; }

    /// <summary>What the action was done to.</summary>
    public string? Target { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Message { get; init; }

    /// <summary>The request id the event was reported under.</summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace id.</summary>
    public string? TraceId { get; init; }

    /// <summary>The W3C span id.</summary>
    public string? SpanId { get; init; }

    /// <summary>The id of the original event, when this event is an amendment.</summary>
    public Guid? Amends { get; init; }

    /// <summary>Attributes that do not change (seed 002).</summary>
    public JsonObject? InvariantData { get; init; }

    /// <summary>Application attributes (seed 002).</summary>
    public JsonObject? AppData { get; init; }
}
